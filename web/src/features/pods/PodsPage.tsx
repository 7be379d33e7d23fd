import { useTranslation } from "react-i18next";
import { useListParams } from "../../lib/useListParams";
import { Cell, ListTable } from "../../ui/ListTable";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { PlainHeader, SortableHeader } from "../../ui/SortableHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { NamespaceFilter } from "../namespaces/NamespaceFilter";
import { ALL_CLUSTERS, useCluster } from "../layout/ClusterContext";
import { usePods, type PodRow } from "./usePods";

export function PodsPage() {
  const { t } = useTranslation();
  const { cluster } = useCluster();
  const [params, setParams] = useListParams();
  const pods = usePods(cluster, params);
  const allClusters = cluster === ALL_CLUSTERS;

  const sortable = (key: string, label: string) => (
    <SortableHeader key={key} sortKey={key} sort={params.sort} onSort={(sort) => setParams({ sort })}>
      {label}
    </SortableHeader>
  );

  const header = (
    <>
      {allClusters && sortable("cluster", t("pods.columns.cluster"))}
      {sortable("name", t("pods.columns.name"))}
      {sortable("namespace", t("pods.columns.namespace"))}
      {sortable("status", t("pods.columns.status"))}
      <PlainHeader>{t("pods.columns.ready")}</PlainHeader>
      {sortable("restarts", t("pods.columns.restarts"))}
      {sortable("node", t("pods.columns.node"))}
      {sortable("age", t("pods.columns.age"))}
    </>
  );

  const row = (pod: PodRow) => (
    <>
      {allClusters && <Cell>{pod.clusterName}</Cell>}
      <Cell mono>
        <span data-testid="pod-name">{pod.name}</span>
      </Cell>
      <Cell>{pod.namespace}</Cell>
      <Cell>
        <StatusBadge status={pod.status} />
      </Cell>
      <Cell>{pod.ready}</Cell>
      <Cell>{pod.restarts}</Cell>
      <Cell mono>{pod.node}</Cell>
      <Cell>
        <RelativeTime iso={pod.createdAt} />
      </Cell>
    </>
  );

  return (
    <section aria-labelledby="pods-title" className="space-y-3">
      <h1 id="pods-title" className="text-xl font-semibold">
        {t("pods.title")}
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          label={t("list.search")}
          placeholder={t("list.searchPlaceholder")}
          value={params.q}
          onChange={(q) => setParams({ q })}
          testId="pods-search"
        />
        <NamespaceFilter cluster={cluster} value={params.namespace} onChange={(namespace) => setParams({ namespace })} />
      </div>
      <ListTable
        label={t("pods.tableLabel")}
        testId="pods-table"
        columnCount={allClusters ? 8 : 7}
        header={header}
        emptyText={t("pods.empty")}
        query={pods}
        rowTestId="pod-row"
        rowKey={(pod) => `${pod.cluster}/${pod.uid || `${pod.namespace}/${pod.name}`}`}
        row={row}
        onOffset={(offset) => setParams({ offset })}
      />
    </section>
  );
}
