import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FacetValue } from "../shared/types";

export const FACETS = ["service", "severity", "namespace", "pod"] as const;
export type FacetName = (typeof FACETS)[number];

const SHOWN = 8;

/** The Agent's counts per service, severity, namespace and pod; a click filters on the value. */
export function Facets({ facets, selected, onToggle }: { facets: Record<string, FacetValue[]> | undefined; selected: Record<FacetName, string[]>; onToggle: (facet: FacetName, value: string) => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="log-facets" className="space-y-4">
      {FACETS.map((facet) => (
        <Facet key={facet} facet={facet} label={t(`observability.columns.${facet}`)} values={facets?.[facet] ?? []} selected={selected[facet]} onToggle={(value) => onToggle(facet, value)} />
      ))}
    </div>
  );
}

function Facet({ facet, label, values, selected, onToggle }: { facet: FacetName; label: string; values: FacetValue[]; selected: string[]; onToggle: (value: string) => void }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  // A chosen value stays listed even when the current answer no longer counts it.
  const missing = selected.filter((value) => !values.some((v) => v.value === value)).map((value) => ({ value, count: 0 }));
  const list = [...missing, ...values];
  const shown = all ? list : list.slice(0, SHOWN);
  return (
    <section aria-label={label} data-testid={`facet-${facet}`}>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</h3>
      {list.length === 0 ? (
        <p className="text-xs text-slate-400">—</p>
      ) : (
        <ul className="space-y-0.5">
          {shown.map((item) => {
            const on = selected.includes(item.value);
            return (
              <li key={item.value}>
                <button
                  type="button"
                  aria-pressed={on}
                  data-testid="facet-value"
                  data-value={item.value}
                  onClick={() => onToggle(item.value)}
                  className={`flex w-full items-center justify-between gap-2 rounded px-2 py-0.5 text-left text-xs ${on ? "bg-teal-50 font-semibold text-teal-800 dark:bg-teal-500/15 dark:text-teal-300" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
                >
                  <span className="truncate" title={item.value}>
                    {item.value || t("observability.logs.empty")}
                  </span>
                  <span className="shrink-0 text-slate-500 tabular-nums">{item.count.toLocaleString()}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {list.length > SHOWN && (
        <button type="button" onClick={() => setAll(!all)} className="mt-1 text-xs text-teal-700 hover:underline dark:text-teal-400">
          {all ? t("observability.logs.fewer") : t("observability.logs.more", { count: list.length - SHOWN })}
        </button>
      )}
    </section>
  );
}
