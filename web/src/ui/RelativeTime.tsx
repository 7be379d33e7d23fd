import { useTranslation } from "react-i18next";
import { useNow } from "../lib/useNow";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A kubectl-style age ("5m", "3d") with the absolute local time in the tooltip. */
export function RelativeTime({ iso, now }: { iso: string | null | undefined; now?: number }) {
  const { t, i18n } = useTranslation();
  const ticking = useNow();
  const current = now ?? ticking;
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return <span>{t("age.unknown")}</span>;

  const seconds = Math.max(0, Math.floor((current - time) / 1000));
  let label: string;
  if (seconds < MINUTE) label = t("age.seconds", { count: seconds });
  else if (seconds < HOUR) label = t("age.minutes", { count: Math.floor(seconds / MINUTE) });
  else if (seconds < DAY) label = t("age.hours", { count: Math.floor(seconds / HOUR) });
  else label = t("age.days", { count: Math.floor(seconds / DAY) });

  const absolute = new Date(time).toLocaleString(i18n.language, {
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return (
    <time dateTime={iso ?? undefined} title={absolute} className="whitespace-nowrap">
      {label}
    </time>
  );
}
