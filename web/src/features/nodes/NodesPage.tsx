import { useTranslation } from "react-i18next";
import { formatBytes } from "../../lib/format";
import { useListParams } from "../../lib/useListParams";
import { Cell, ListTable } from "../../ui/ListTable";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { PlainHeader, SortableHeader } from "../../ui/SortableHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { ALL_CLUSTERS, useCluster } from "../layout/ClusterContext";
import { useNodes, type NodeRow } from "./useNodes";

export function NodesPage() {
  const { t } = useTranslation();
  const { cluster } = useCluster();
  const [params, setParams] = useListParams();
  const nodes = useNodes(cluster, params);
  const allClusters = cluster === ALL_CLUSTERS;

  const sortable = (key: string, label: string) => (
    <SortableHeader key={key} sortKey={key} sort={params.sort} onSort={(sort) => setParams({ sort })}>
      {label}
    </SortableHeader>
  );

  const header = (
    <>
      {allClusters && sortable("cluster", t("nodes.columns.cluster"))}
      {sortable("name", t("nodes.columns.name"))}
      {sortable("status", t("nodes.columns.status"))}
      {sortable("roles", t("nodes.columns.roles"))}
      {sortable("version", t("nodes.columns.version"))}
      <PlainHeader>{t("nodes.columns.internalIp")}</PlainHeader>
      <PlainHeader>{t("nodes.columns.cpu")}</PlainHeader>
      <PlainHeader>{t("nodes.columns.memory")}</PlainHeader>
      {sortable("pods", t("nodes.columns.pods"))}
      {sortable("age", t("nodes.columns.age"))}
    </>
  );

  const row = (node: NodeRow) => (
    <>
      {allClusters && <Cell>{node.clusterName}</Cell>}
      <Cell mono>
        <span data-testid="node-name">{node.name}</span>
      </Cell>
      <Cell>
        <StatusBadge status={node.status} />
      </Cell>
      <Cell>{node.roles || t("nodes.noRoles")}</Cell>
      <Cell mono>{node.version}</Cell>
      <Cell mono>{node.internalIp}</Cell>
      <Cell>{t("units.cores", { count: node.cpuCores })}</Cell>
      <Cell title={`${node.memoryBytes} B`}>{formatBytes(node.memoryBytes)}</Cell>
      <Cell>{node.podCount}</Cell>
      <Cell>
        <RelativeTime iso={node.createdAt} />
      </Cell>
    </>
  );

  return (
    <section aria-labelledby="nodes-title" className="space-y-3">
      <h1 id="nodes-title" className="text-xl font-semibold">
        {t("nodes.title")}
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          label={t("list.search")}
          placeholder={t("nodes.searchPlaceholder")}
          value={params.q}
          onChange={(q) => setParams({ q })}
          testId="nodes-search"
        />
      </div>
      <ListTable
        label={t("nodes.tableLabel")}
        testId="nodes-table"
        columnCount={allClusters ? 10 : 9}
        header={header}
        emptyText={t("nodes.empty")}
        query={nodes}
        rowTestId="node-row"
        rowKey={(node) => `${node.cluster}/${node.name}`}
        row={row}
        onOffset={(offset) => setParams({ offset })}
      />
    </section>
  );
}
