import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ui/errorMessage";
import { RelativeTime } from "../../../ui/RelativeTime";
import { StatusBadge } from "../../../ui/StatusBadge";
import { KINDS } from "../kinds";
import { useObjectEvents } from "../queries";
import type { Plural } from "../types";
import { Panel } from "./Panel";

interface Props {
  plural: Plural;
  cluster: string;
  namespace: string;
  name: string;
}

/** Events about this object, live and archived, newest first. */
export function EventsTab({ plural, cluster, namespace, name }: Props) {
  const { t } = useTranslation();
  const events = useObjectEvents(plural, KINDS[plural].kind, cluster, namespace, name);
  if (events.isPending) return <Panel testId="events-loading">{t("list.loading")}</Panel>;
  if (events.isError) {
    return (
      <Panel testId="events-error" tone="error">
        {t("detail.eventsError", { message: errorMessage(events.error, t) })}
      </Panel>
    );
  }
  const items = events.data.items;
  if (items.length === 0) return <Panel testId="events-empty">{t("detail.noEvents")}</Panel>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table data-testid="object-events" aria-label={t("detail.tabs.events")} className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
          <tr>
            <th className="px-3 py-2 font-medium">{t("columns.type")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.reason")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.message")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.count")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.lastSeen")}</th>
            <th className="px-3 py-2 font-medium">{t("columns.source")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((event) => (
            <tr key={event.uid} data-testid="object-event" className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="px-3 py-2">
                <StatusBadge status={event.type} />
              </td>
              <td className="px-3 py-2 font-medium">{event.reason}</td>
              <td className="px-3 py-2">{event.message}</td>
              <td className="px-3 py-2">{event.count}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <RelativeTime iso={event.lastSeen} />
                {!event.live && <span className="ml-2 text-xs text-slate-500">{t("detail.archived")}</span>}
              </td>
              <td className="px-3 py-2 text-slate-600 dark:text-slate-400">{event.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
