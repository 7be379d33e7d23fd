import { useTranslation } from "react-i18next";
import { formatDuration } from "../../../lib/format";
import type { OtelBlock } from "./types";

const TONES = {
  note: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200",
  error: "border-red-300 bg-red-50 text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200",
};

/**
 * What every observability page says about where its data comes from: nothing while the
 * Agent's ClickHouse summary is fresh, and why not otherwise (no ClickHouse configured, never
 * read, or stale since some time with the last error).
 */
export function OtelBanner({ otel }: { otel: (Pick<OtelBlock, "status"> & Partial<OtelBlock>) | undefined }) {
  const { t } = useTranslation();
  if (!otel || otel.status === "ok") return null;
  const age = otel.ageSeconds === null || otel.ageSeconds === undefined ? null : formatDuration(otel.ageSeconds);
  const tone = otel.status === "disabled" ? "note" : otel.status === "unavailable" ? "error" : "note";
  return (
    <div role={tone === "error" ? "alert" : "status"} data-testid="otel-banner" data-status={otel.status} className={`space-y-1 rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}>
      <p className="font-medium">{t(`observability.banner.${otel.status}.title`)}</p>
      <p>
        {otel.status === "stale" && age !== null
          ? t("observability.banner.stale.bodyAge", { age })
          : t(`observability.banner.${otel.status}.body`)}
      </p>
      {otel.error && otel.status !== "disabled" && (
        <p data-testid="otel-banner-error" className="font-mono text-xs break-all">
          {t("observability.banner.lastError", { error: otel.error })}
        </p>
      )}
    </div>
  );
}
