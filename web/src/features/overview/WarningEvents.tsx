import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { RelativeTime } from "../../ui/RelativeTime";
import { EventObjectLink } from "../events/EventObjectLink";
import { Card, Note } from "./Card";
import type { Overview } from "./useOverview";

export function WarningEvents({ cluster, events }: { cluster: string; events: Overview["warningEvents"] }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t("overview.warnings.title")}
      testId="overview-warnings"
      action={
        <Link to="/events?type=Warning" className="text-xs text-teal-700 hover:underline dark:text-teal-400">
          {t("overview.warnings.all")}
        </Link>
      }
    >
      {events.length === 0 ? (
        <Note testId="overview-no-warnings">{t("overview.warnings.none")}</Note>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {events.map((event) => (
            <li key={`${event.cluster}/${event.uid}`} data-testid="warning-event" className="py-1.5">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium text-amber-800 dark:text-amber-300">{event.reason}</span>
                <EventObjectLink cluster={event.cluster} kind={event.objectKind} namespace={event.namespace} name={event.objectName} />
                {cluster === "*" && <span className="text-xs text-slate-500">{event.clusterName}</span>}
                <span className="ml-auto text-xs text-slate-500">
                  {event.count > 1 && <span className="mr-2">×{event.count}</span>}
                  <RelativeTime iso={event.lastSeen} />
                </span>
              </div>
              <p className="truncate text-xs text-slate-600 dark:text-slate-400" title={event.message}>
                {event.message}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
