import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ui/errorMessage";
import { LiveReadError } from "../useLiveObject";
import { Panel } from "./Panel";

/** Why the live object could not be read; `fallback` says the Master's copy is shown instead. */
export function LiveError({ error, fallback = false }: { error: unknown; fallback?: boolean }) {
  const { t } = useTranslation();
  let reason: string;
  if (error instanceof LiveReadError) {
    if (error.status === "timeout") reason = t("detail.liveTimeout");
    else if (error.status === "pending" || error.status === "delivered") reason = t("detail.liveNoAnswer");
    else reason = error.message || t("detail.liveFailed", { status: error.status });
  } else {
    reason = errorMessage(error, t);
  }
  return (
    <Panel testId="live-error" tone="note">
      {t("detail.liveError", { reason })}
      {fallback && ` ${t("detail.liveFallback")}`}
    </Panel>
  );
}
