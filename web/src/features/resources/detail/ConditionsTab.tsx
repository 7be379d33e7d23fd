import { useTranslation } from "react-i18next";
import type { components } from "../../../api/schema";
import { RelativeTime } from "../../../ui/RelativeTime";
import { StatusBadge, type Tone } from "../../../ui/StatusBadge";
import { Text } from "../cells";
import { Panel } from "./Panel";

type Condition = components["schemas"]["Condition"];

// Conditions that are bad news when true (a node under pressure, a failed job).
const NEGATIVE = new Set(["MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable", "ReplicaFailure", "Failed", "FailureTarget"]);

function toneOf(condition: Condition): Tone {
  if (condition.status === "Unknown") return "warn";
  const healthy = (condition.status === "True") !== NEGATIVE.has(condition.type);
  return healthy ? "good" : "bad";
}

/** The compact object's conditions as Kubernetes reports them. */
export function ConditionsTab({ conditions }: { conditions: readonly Condition[] }) {
  const { t } = useTranslation();
  if (conditions.length === 0) return <Panel testId="conditions-empty">{t("detail.noConditions")}</Panel>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table data-testid="conditions" aria-label={t("detail.tabs.conditions")} className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
          <tr>
            <th className="px-3 py-2 font-medium">{t("columns.type")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.status")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.reason")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.message")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.lastTransition")}</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((condition) => (
            <tr key={condition.type} data-testid="condition" className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="px-3 py-2 font-medium">{condition.type}</td>
              <td className="px-3 py-2">
                <StatusBadge status={condition.status} tone={toneOf(condition)} />
              </td>
              <td className="px-3 py-2">
                <Text value={condition.reason} />
              </td>
              <td className="px-3 py-2">
                <Text value={condition.message} />
              </td>
              <td className="px-3 py-2">
                <RelativeTime iso={condition.lastTransition || null} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
