import { useTranslation } from "react-i18next";
import { useListParams } from "../../lib/useListParams";
import { FILTER_SELECT } from "../../ui/controls";
import { DateTimeFilter, FilterField } from "../../ui/Field";
import { Cell, ListTable } from "../../ui/ListTable";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { PlainHeader } from "../../ui/SortableHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { AUDIT_FILTERS, useAudit, type AuditEntry } from "./useAudit";

const RESULTS = ["success", "failed", "submitted"] as const;

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useListParams(AUDIT_FILTERS);
  const audit = useAudit(params);
  const filter = (name: string, value: string) => setParams({ filters: { [name]: value } });

  const header = (
    <>
      <PlainHeader>{t("audit.columns.at")}</PlainHeader>
      <PlainHeader>{t("audit.columns.actor")}</PlainHeader>
      <PlainHeader>{t("audit.columns.action")}</PlainHeader>
      <PlainHeader>{t("audit.columns.target")}</PlainHeader>
      <PlainHeader>{t("audit.columns.result")}</PlainHeader>
      <PlainHeader>{t("audit.columns.ip")}</PlainHeader>
      <PlainHeader>{t("audit.columns.params")}</PlainHeader>
    </>
  );

  const row = (entry: AuditEntry) => {
    const paramCount = Object.keys(entry.params).length;
    return (
      <>
        <Cell>
          <RelativeTime iso={entry.at} />
        </Cell>
        <Cell>
          <span data-testid="audit-actor">{entry.actor}</span>
        </Cell>
        <Cell mono>
          <span data-testid="audit-action">{entry.action}</span>
        </Cell>
        <Cell mono>{entry.target}</Cell>
        <Cell>
          <StatusBadge status={entry.result} />
        </Cell>
        <Cell mono>{entry.clientIp || "—"}</Cell>
        <td className="px-3 py-2 text-xs">
          {paramCount === 0 && !entry.detail ? (
            <span className="text-slate-400">—</span>
          ) : (
            <details>
              <summary className="cursor-pointer text-teal-700 dark:text-teal-400">
                {t("audit.paramsSummary", { count: paramCount })}
              </summary>
              {paramCount > 0 && (
                <pre data-testid="audit-params" className="mt-1 max-w-md overflow-auto rounded bg-slate-50 p-2 font-mono whitespace-pre-wrap dark:bg-slate-950">
                  {JSON.stringify(entry.params, null, 2)}
                </pre>
              )}
              {entry.detail && <p className="mt-1 text-slate-600 dark:text-slate-400">{entry.detail}</p>}
            </details>
          )}
        </td>
      </>
    );
  };

  return (
    <section aria-labelledby="audit-title" className="space-y-3">
      <div>
        <h1 id="audit-title" className="text-xl font-semibold">
          {t("audit.title")}
        </h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t("audit.hint")}</p>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox label={t("audit.columns.target")} placeholder={t("audit.targetPlaceholder")} value={params.q} onChange={(q) => setParams({ q })} testId="audit-search" />
        <SearchBox
          label={t("audit.columns.actor")}
          placeholder={t("audit.actorPlaceholder")}
          value={params.filters.actor ?? ""}
          onChange={(value) => filter("actor", value.trim())}
          testId="audit-actor-filter"
        />
        <SearchBox
          label={t("audit.columns.action")}
          placeholder={t("audit.actionPlaceholder")}
          value={params.filters.action ?? ""}
          onChange={(value) => filter("action", value.trim())}
          testId="audit-action-filter"
        />
        <FilterField label={t("audit.columns.result")}>
          {(id) => (
            <select
              id={id}
              data-testid="audit-result-filter"
              value={params.filters.result ?? ""}
              onChange={(event) => filter("result", event.target.value)}
              className={FILTER_SELECT}
            >
              <option value="">{t("audit.allResults")}</option>
              {RESULTS.map((result) => (
                <option key={result} value={result}>
                  {t(`audit.results.${result}`)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <DateTimeFilter label={t("events.since")} value={params.filters.since ?? ""} onChange={(value) => filter("since", value)} testId="audit-since" />
        <DateTimeFilter label={t("events.until")} value={params.filters.until ?? ""} onChange={(value) => filter("until", value)} testId="audit-until" />
      </div>
      <ListTable
        label={t("audit.title")}
        testId="audit-table"
        columnCount={7}
        header={header}
        emptyText={t("audit.empty")}
        query={audit}
        rowTestId="audit-row"
        rowKey={(entry) => String(entry.id)}
        row={row}
        onOffset={(offset) => setParams({ offset })}
      />
    </section>
  );
}
