import { useTranslation } from "react-i18next";
import { StatusBadge } from "../../../ui/StatusBadge";
import { HEALTH_TONE, SLO_TONE, severityClasses } from "./tones";
import type { Health, SloStatus } from "./types";

export function HealthBadge({ health }: { health: Health | undefined }) {
  const { t } = useTranslation();
  if (!health) return null;
  return <StatusBadge status={t(`observability.health.${health}`)} tone={HEALTH_TONE[health]} />;
}

export function SloStatusBadge({ status }: { status: SloStatus }) {
  const { t } = useTranslation();
  return <StatusBadge status={t(`observability.slo.status.${status}`)} tone={SLO_TONE[status]} />;
}

/** An error or OK mark for a span or trace. */
export function ErrorMark({ error }: { error: boolean }) {
  const { t } = useTranslation();
  return error ? <StatusBadge status={t("observability.traces.error")} tone="bad" /> : <StatusBadge status={t("observability.traces.ok")} tone="good" />;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span data-testid="log-severity" className={`inline-block w-14 rounded px-1.5 py-0.5 text-center text-[11px] font-semibold ${severityClasses(severity)}`}>
      {severity || "—"}
    </span>
  );
}
