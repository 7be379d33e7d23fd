import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useListParams, type ListParams } from "../../lib/useListParams";
import { FILTER_SELECT, SMALL_BUTTON } from "../../ui/controls";
import { DateTimeFilter, FilterField } from "../../ui/Field";
import { Cell, ListTable } from "../../ui/ListTable";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { Tabs } from "../../ui/Tabs";
import { PlainHeader } from "../../ui/SortableHeader";
import { ALL_CLUSTERS, useCluster } from "../layout/ClusterContext";
import { NamespaceFilter } from "../namespaces/NamespaceFilter";
import { EventObjectLink } from "./EventObjectLink";
import { isClusterScoped } from "./objectLinks";
import { EVENT_FILTERS, useEventHistory, useLiveEvents, type EventRow, type StoredEvent } from "./useEvents";

type Tab = "live" | "history";

export function EventsPage() {
  const { t } = useTranslation();
  const { cluster } = useCluster();
  const [search, setSearch] = useSearchParams();
  const [params, setParams] = useListParams(EVENT_FILTERS);
  const tab: Tab = search.get("tab") === "history" ? "history" : "live";
  const live = useLiveEvents(cluster, params, tab === "live");
  const history = useEventHistory(cluster, params, tab === "history");
  const allClusters = cluster === ALL_CLUSTERS;

  const openTab = (next: Tab) =>
    setSearch(
      (previous) => {
        const url = new URLSearchParams(previous);
        if (next === "history") url.set("tab", "history");
        else url.delete("tab");
        url.delete("offset");
        return url;
      },
      { replace: true },
    );

  const header = (
    <>
      {allClusters && <PlainHeader>{t("events.columns.cluster")}</PlainHeader>}
      <PlainHeader>{t("events.columns.lastSeen")}</PlainHeader>
      <PlainHeader>{t("events.columns.type")}</PlainHeader>
      <PlainHeader>{t("events.columns.reason")}</PlainHeader>
      <PlainHeader>{t("events.columns.object")}</PlainHeader>
      <PlainHeader>{t("events.columns.message")}</PlainHeader>
      <PlainHeader>{t("events.columns.count")}</PlainHeader>
    </>
  );
  const columnCount = allClusters ? 7 : 6;

  return (
    <section aria-labelledby="events-title" className="space-y-3">
      <h1 id="events-title" className="text-xl font-semibold">
        {t("events.title")}
      </h1>
      <Tabs
        label={t("events.title")}
        tabs={[
          { id: "live", label: t("events.tabs.live") },
          { id: "history", label: t("events.tabs.history") },
        ]}
        current={tab}
        onSelect={openTab}
      >
        <div className="space-y-3">
        <p className="text-sm text-slate-500 dark:text-slate-400">{t(`events.tabHints.${tab}`)}</p>
        <Filters cluster={cluster} params={params} setParams={setParams} history={tab === "history"} />
        {tab === "live" ? (
          <ListTable
            label={t("events.tabs.live")}
            testId="events-table"
            columnCount={columnCount}
            header={header}
            emptyText={t("events.empty")}
            query={live}
            rowTestId="event-row"
            rowKey={(row: EventRow) => `${row.cluster}/${row.uid}`}
            row={(row: EventRow) => (
              <EventCells
                showCluster={allClusters}
                cluster={row.cluster}
                clusterName={row.clusterName}
                type={row.type}
                reason={row.reason}
                kind={row.objectKind}
                namespace={row.namespace}
                name={row.objectName}
                message={row.message}
                count={row.count}
                lastSeen={row.lastSeen}
              />
            )}
            onOffset={(offset) => setParams({ offset })}
          />
        ) : (
          <ListTable
            label={t("events.tabs.history")}
            testId="event-history-table"
            columnCount={columnCount}
            header={header}
            emptyText={t("events.historyEmpty")}
            query={history}
            rowTestId="event-history-row"
            rowKey={(row: StoredEvent) => `${row.clusterId}/${row.uid}`}
            row={(row: StoredEvent) => (
              <EventCells
                showCluster={allClusters}
                cluster={row.clusterId}
                clusterName={row.clusterName}
                type={row.type}
                reason={row.reason}
                kind={row.objectKind}
                namespace={row.objectNamespace}
                name={row.objectName}
                message={row.message}
                count={row.count}
                lastSeen={row.lastSeen}
              />
            )}
            onOffset={(offset) => setParams({ offset })}
          />
        )}
        </div>
      </Tabs>
    </section>
  );
}

interface CellsProps {
  showCluster: boolean;
  cluster: string;
  clusterName: string;
  type: string;
  reason: string;
  kind: string;
  namespace: string;
  name: string;
  message: string;
  count: number;
  lastSeen: string;
}

function EventCells(props: CellsProps) {
  const warning = props.type === "Warning";
  return (
    <>
      {props.showCluster && <Cell>{props.clusterName}</Cell>}
      <Cell>
        <RelativeTime iso={props.lastSeen} />
      </Cell>
      <Cell>
        <span
          data-testid="event-type"
          className={`rounded px-1.5 py-0.5 text-xs font-medium ${
            warning ? "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300" : "bg-slate-100 text-slate-700 dark:bg-slate-500/15 dark:text-slate-300"
          }`}
        >
          {props.type}
        </span>
      </Cell>
      <Cell>{props.reason}</Cell>
      <td className="max-w-xs px-3 py-2 break-all">
        <EventObjectLink cluster={props.cluster} kind={props.kind} namespace={props.namespace} name={props.name} />
        {props.namespace && !isClusterScoped(props.kind) && <span className="ml-1 text-xs text-slate-500">({props.namespace})</span>}
      </td>
      <td className="max-w-sm min-w-56 px-3 py-2 text-xs break-words text-slate-700 dark:text-slate-300">{props.message}</td>
      <Cell>{props.count}</Cell>
    </>
  );
}

interface FiltersProps {
  cluster: string;
  params: ListParams;
  setParams: ReturnType<typeof useListParams>[1];
  history: boolean;
}

const RANGES = [
  { key: "1h", hours: 1 },
  { key: "24h", hours: 24 },
  { key: "7d", hours: 24 * 7 },
  { key: "30d", hours: 24 * 30 },
] as const;

/** A time as a `datetime-local` value, in local time to the minute. */
function toLocalInput(time: number): string {
  const date = new Date(time);
  date.setMinutes(date.getMinutes() - date.getTimezoneOffset());
  return date.toISOString().slice(0, 16);
}

function Filters({ cluster, params, setParams, history }: FiltersProps) {
  const { t } = useTranslation();
  const filter = (name: string, value: string) => setParams({ filters: { [name]: value } });

  return (
    <div className="flex flex-wrap items-end gap-3">
      <SearchBox
        label={t("list.search")}
        placeholder={t("events.searchPlaceholder")}
        value={params.q}
        onChange={(q) => setParams({ q })}
        testId="events-search"
      />
      <FilterField label={t("events.columns.type")}>
        {(id) => (
          <select
            id={id}
            data-testid="events-type"
            value={params.filters.type ?? ""}
            onChange={(event) => filter("type", event.target.value)}
            className={FILTER_SELECT}
          >
            <option value="">{t("events.allTypes")}</option>
            <option value="Warning">{t("events.types.Warning")}</option>
            <option value="Normal">{t("events.types.Normal")}</option>
          </select>
        )}
      </FilterField>
      <SearchBox
        label={t("events.columns.reason")}
        placeholder={t("events.reasonPlaceholder")}
        value={params.filters.reason ?? ""}
        onChange={(reason) => filter("reason", reason)}
        testId="events-reason"
      />
      <NamespaceFilter cluster={cluster} value={params.namespace} onChange={(namespace) => setParams({ namespace })} />
      {history && (
        <>
          <DateTimeFilter label={t("events.since")} value={params.filters.since ?? ""} onChange={(value) => filter("since", value)} testId="events-since" />
          <DateTimeFilter label={t("events.until")} value={params.filters.until ?? ""} onChange={(value) => filter("until", value)} testId="events-until" />
          <div className="flex flex-wrap items-center gap-1 pb-1" role="group" aria-label={t("events.quickRanges")}>
            {RANGES.map((range) => (
              <button
                key={range.key}
                type="button"
                data-testid={`events-range-${range.key}`}
                className={SMALL_BUTTON}
                onClick={() => setParams({ filters: { since: toLocalInput(Date.now() - range.hours * 3_600_000), until: "" } })}
              >
                {t(`events.ranges.${range.key}`)}
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
