import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { TABLE_ROW, TableBodyStates, TableFrame } from "../../../ui/ListStates";
import { PlainHeader } from "../../../ui/SortableHeader";
import { SMALL_BUTTON } from "../../../ui/controls";
import { SloStatusBadge } from "../shared/Badges";
import { burnFactor, dateTime, millis, rate, share } from "../shared/format";
import { sloDetailPath } from "../shared/paths";
import type { SloView, SloWindowView } from "../shared/types";
import { BudgetBar } from "./BudgetBar";

const WINDOWS = ["1d", "7d", "30d"] as const;

/** `×1.4` for a burn rate; above 1 the budget runs out before the window ends. */
function Burn({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value === null) return null;
  return (
    <span data-testid="burn-rate" title={t("observability.slo.columns.burn")} className={value > 1 ? "font-semibold text-red-700 dark:text-red-400" : "text-slate-500"}>
      {t("observability.slo.burn", { value: burnFactor(value) })}
    </span>
  );
}

/** The 1d, 7d and 30d windows, a line each: availability, share within the latency target, burn. */
function Windows({ windows }: { windows: SloWindowView[] }) {
  const { t } = useTranslation();
  const byName = new Map(windows.map((w) => [w.window, w]));
  return (
    <table className="text-xs">
      <tbody>
        {WINDOWS.map((name) => {
          const stats = byName.get(name);
          return (
            <tr key={name} data-testid={`slo-window-${name}`}>
              <th scope="row" className="pr-2 text-left font-normal whitespace-nowrap text-slate-500">
                {t(`observability.range.options.${name}`)}
              </th>
              {!stats || stats.requests === 0 ? (
                <td colSpan={3} className="text-slate-400">
                  {t("observability.slo.noRequests")}
                </td>
              ) : (
                <>
                  <td className="pr-2 text-right font-medium whitespace-nowrap">{share(stats.availability)}</td>
                  <td className="pr-2 whitespace-nowrap text-slate-500" title={t("observability.slo.latencyShareHint")}>
                    {t("observability.slo.fast", { value: share(stats.latencyShare) })}
                  </td>
                  <td className="whitespace-nowrap">
                    <Burn value={stats.burnRate} />
                  </td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Forecast({ item }: { item: SloView }) {
  const { t, i18n } = useTranslation();
  const { daysLeft, exhaustedAt } = item.forecast;
  const text =
    daysLeft === null ? t("observability.slo.noExhaustion") : daysLeft <= 0 ? t("observability.slo.exhausted") : t("observability.slo.daysLeft", { count: Math.round(daysLeft * 10) / 10 });
  return (
    <div data-testid="slo-forecast" title={exhaustedAt ? dateTime(exhaustedAt, i18n.language) : undefined} className={`text-xs ${daysLeft !== null && daysLeft <= 0 ? "font-semibold text-red-700 dark:text-red-400" : "text-slate-500"}`}>
      {t("observability.slo.forecast", { when: text })}
    </div>
  );
}

/**
 * The SLOs of one kind (ingress hosts or services), as the Master computed them: status, target,
 * current traffic, each window's availability, latency share and burn rate, the 30-day budget and
 * the forecast. `onEdit` is given to operators only.
 */
export function SloTable({ cluster, kind, items, isError, onEdit }: { cluster: string; kind: "ingress" | "service"; items: SloView[] | undefined; isError: boolean; onEdit?: (item: SloView) => void }) {
  const { t } = useTranslation();
  const c = "observability.slo.columns";
  const headers: ReactNode[] = [
    t(kind === "ingress" ? `${c}.ingress` : `${c}.service`),
    t(`${c}.target`),
    t(`${c}.current`),
    t(`${c}.windows`),
    t(`${c}.budget`),
  ];
  return (
    <TableFrame label={t(`observability.slo.kinds.${kind}`)} testId={`slo-table-${kind}`} header={headers.map((header, index) => <PlainHeader key={index}>{header}</PlainHeader>)}>
      <TableBodyStates items={items} isError={isError} colSpan={headers.length} emptyText={t(`observability.slo.empty.${kind}`)}>
        {(rows) =>
          rows.map((item) => (
            <tr key={item.name} data-testid="slo-row" data-status={item.status} className={`${TABLE_ROW} align-top`}>
              <td className="min-w-44 space-y-0.5 px-3 py-2">
                <Link to={sloDetailPath(cluster, item.kind, item.name)} data-testid="slo-link" className="block font-medium break-words text-teal-700 hover:underline dark:text-teal-400">
                  {item.hosts.length ? item.hosts.join(", ") : item.name}
                </Link>
                <div className="font-mono text-xs break-all text-slate-500">{item.hosts.length ? item.name : item.namespace}</div>
                <div className="flex items-center gap-2 pt-0.5">
                  <SloStatusBadge status={item.status} />
                  {onEdit && (
                    <button type="button" data-testid="slo-edit" className={SMALL_BUTTON} onClick={() => onEdit(item)}>
                      {t("observability.slo.edit")}
                    </button>
                  )}
                </div>
              </td>
              <td data-testid="slo-target" className="px-3 py-2 text-xs whitespace-nowrap">
                <div>{t("observability.slo.targetAvailability", { value: share(item.target.availability) })}</div>
                <div>{t("observability.slo.targetLatency", { ms: item.target.latencyMs, objective: share(item.target.latencyObjective) })}</div>
                {item.target.custom && <span className="text-teal-700 dark:text-teal-400">{t("observability.slo.custom")}</span>}
              </td>
              <td className="px-3 py-2 text-xs whitespace-nowrap">
                {item.current ? (
                  <>
                    <div>
                      {rate(item.current.rate)} · {share(item.current.availability)}
                    </div>
                    <div className="text-slate-500">
                      p50 {millis(item.current.p50Ms)} · p99 {millis(item.current.p99Ms)}
                    </div>
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="px-3 py-2">
                <Windows windows={item.windows} />
              </td>
              <td className="space-y-0.5 px-3 py-2 whitespace-nowrap">
                <BudgetBar remaining={item.windows.find((w) => w.window === "30d")?.errorBudgetRemaining} />
                <Forecast item={item} />
              </td>
            </tr>
          ))
        }
      </TableBodyStates>
    </TableFrame>
  );
}
