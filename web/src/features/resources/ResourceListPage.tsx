import { useTranslation } from "react-i18next";
import { PAGE_SIZES, useListParams } from "../../lib/useListParams";
import { Cell } from "../../ui/ListTable";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { PlainHeader, SortableHeader } from "../../ui/SortableHeader";
import { VirtualTable } from "../../ui/VirtualTable";
import { ALL_CLUSTERS, useCluster } from "../layout/ClusterContext";
import { NamespaceFilter } from "../namespaces/NamespaceFilter";
import { ObjectLink } from "./cells";
import { KINDS } from "./kinds";
import { ResourceFilters } from "./ResourceFilters";
import { useResourceList } from "./queries";
import type { Plural, RowBase, RowOf } from "./types";

/**
 * The list of one kind, driven by its catalogue entry: search, namespace and kind filters, server
 * sorting and paging, all kept in the URL. Test ids follow the kind: `pods-table`, `pod-row`,
 * `pod-name`, `pods-search`.
 */
export function ResourceListPage<P extends Plural>({ plural }: { plural: P }) {
  const { t } = useTranslation();
  const spec = KINDS[plural];
  const { cluster } = useCluster();
  const [params, setParams] = useListParams(spec.filters.map((filter) => filter.name));
  const list = useResourceList(plural, cluster, params);
  const allClusters = cluster === ALL_CLUSTERS;
  const singular = spec.kind.toLowerCase();
  const title = t(`kinds.${plural}.title`);

  const header = (key: string, label: string, sort: string | undefined) =>
    sort ? (
      <SortableHeader key={key} sortKey={sort} sort={params.sort} onSort={(next) => setParams({ sort: next })}>
        {label}
      </SortableHeader>
    ) : (
      <PlainHeader key={key}>{label}</PlainHeader>
    );

  const columnCount = spec.columns.length + 2 + (spec.namespaced ? 1 : 0) + (allClusters ? 1 : 0);
  const headers = (
    <>
      {allClusters && header("cluster", t("columns.cluster"), "cluster")}
      {header("name", t("columns.name"), "name")}
      {spec.namespaced && header("namespace", t("columns.namespace"), "namespace")}
      {spec.columns.map((column) => header(column.header, t(`columns.${column.header}`), column.sort))}
      {header("age", t("columns.age"), "age")}
    </>
  );

  const row = (item: RowOf<P>) => {
    const base: RowBase & { createdAt: string } = item;
    return (
      <>
        {allClusters && <Cell>{base.clusterName}</Cell>}
        <Cell mono>
          <ObjectLink plural={plural} cluster={base.cluster} namespace={base.namespace ?? ""} name={base.name} testId={`${singular}-name`} />
        </Cell>
        {spec.namespaced && <Cell>{base.namespace}</Cell>}
        {spec.columns.map((column) => (
          <Cell key={column.header} mono={column.mono ?? false}>
            {column.cell(item)}
          </Cell>
        ))}
        <Cell>
          <RelativeTime iso={base.createdAt} />
        </Cell>
      </>
    );
  };

  return (
    <section aria-labelledby={`${plural}-title`} className="space-y-3">
      <h1 id={`${plural}-title`} className="text-xl font-semibold">
        {title}
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          label={t("list.search")}
          placeholder={t("resource.searchPlaceholder")}
          value={params.q}
          onChange={(q) => setParams({ q })}
          testId={`${plural}-search`}
        />
        {spec.namespaced && (
          <NamespaceFilter cluster={cluster} value={params.namespace} onChange={(namespace) => setParams({ namespace })} />
        )}
        <ResourceFilters filters={spec.filters} values={params.filters} onChange={(filters) => setParams({ filters })} />
      </div>
      <VirtualTable
        label={title}
        testId={`${plural}-table`}
        columnCount={columnCount}
        header={headers}
        emptyText={t("resource.empty", { kind: title })}
        query={list}
        rowTestId={`${singular}-row`}
        rowKey={(item: RowOf<P>) => {
          const base: RowBase = item;
          return `${base.cluster}/${base.uid || `${base.namespace ?? ""}/${base.name}`}`;
        }}
        row={row}
        onOffset={(offset) => setParams({ offset })}
        limits={PAGE_SIZES}
        onLimit={(limit) => setParams({ limit })}
      />
    </section>
  );
}
