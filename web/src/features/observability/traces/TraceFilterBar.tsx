import { useTranslation } from "react-i18next";
import { useSettledText } from "../../../lib/useDebouncedValue";
import { FilterField } from "../../../ui/Field";
import { FILTER_SELECT, INLINE_INPUT } from "../../../ui/controls";

export interface TraceFilterValues {
  service: string;
  operation: string;
  status: string;
  minMs: string;
  maxMs: string;
}

export function TraceFilterBar({ services, values, onChange }: { services: string[]; values: TraceFilterValues; onChange: (change: Partial<TraceFilterValues>) => void }) {
  const { t } = useTranslation();
  const [operation, setOperation] = useSettledText(values.operation, (operation) => onChange({ operation }), 400);
  const [minMs, setMinMs] = useSettledText(values.minMs, (minMs) => onChange({ minMs }), 400);
  const [maxMs, setMaxMs] = useSettledText(values.maxMs, (maxMs) => onChange({ maxMs }), 400);
  const known = values.service && !services.includes(values.service) ? [values.service, ...services] : services;
  return (
    <div className="flex flex-wrap items-end gap-3">
      <FilterField label={t("observability.columns.service")}>
        {(id) => (
          <select id={id} data-testid="trace-filter-service" value={values.service} onChange={(e) => onChange({ service: e.target.value })} className={FILTER_SELECT}>
            <option value="">{t("observability.traces.anyService")}</option>
            {known.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <FilterField label={t("observability.columns.operation")}>
        {(id) => <input id={id} data-testid="trace-filter-operation" value={operation} onChange={(e) => setOperation(e.target.value)} placeholder="GET /products" className={`${INLINE_INPUT} w-48`} />}
      </FilterField>
      <FilterField label={t("observability.columns.status")}>
        {(id) => (
          <select id={id} data-testid="trace-filter-status" value={values.status || "any"} onChange={(e) => onChange({ status: e.target.value === "any" ? "" : e.target.value })} className={FILTER_SELECT}>
            <option value="any">{t("observability.traces.statusAny")}</option>
            <option value="ok">{t("observability.traces.ok")}</option>
            <option value="error">{t("observability.traces.error")}</option>
          </select>
        )}
      </FilterField>
      <FilterField label={t("observability.traces.minDuration")}>
        {(id) => <input id={id} type="number" min={0} data-testid="trace-filter-min" value={minMs} onChange={(e) => setMinMs(e.target.value)} className={`${INLINE_INPUT} w-28`} />}
      </FilterField>
      <FilterField label={t("observability.traces.maxDuration")}>
        {(id) => <input id={id} type="number" min={0} data-testid="trace-filter-max" value={maxMs} onChange={(e) => setMaxMs(e.target.value)} className={`${INLINE_INPUT} w-28`} />}
      </FilterField>
    </div>
  );
}
