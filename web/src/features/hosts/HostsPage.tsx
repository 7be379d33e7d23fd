import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useListParams } from "../../lib/useListParams";
import { Cell, ListTable } from "../../ui/ListTable";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { PlainHeader } from "../../ui/SortableHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { NodeLink } from "./NodeLink";
import { byteRate, bytes, decimal, percent } from "./format";
import { useHosts, type HostItem } from "./useHosts";

const COLUMNS = ["name", "status", "cpu", "memory", "disk", "network", "load", "node", "lastSample"] as const;

/** Every host with its status and newest headline values, refreshed every few seconds. */
export function HostsPage() {
  const { t } = useTranslation();
  const [params, change] = useListParams();
  const hosts = useHosts({ offset: params.offset, limit: params.limit, q: params.q });

  return (
    <section aria-labelledby="hosts-title" className="space-y-4">
      <div>
        <h1 id="hosts-title" className="text-xl font-semibold">
          {t("hosts.title")}
        </h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{t("hosts.subtitle")}</p>
      </div>
      <SearchBox
        label={t("hosts.search")}
        placeholder={t("hosts.searchPlaceholder")}
        value={params.q}
        onChange={(q) => change({ q })}
        testId="hosts-search"
      />
      <ListTable
        label={t("hosts.title")}
        testId="hosts-table"
        columnCount={COLUMNS.length}
        header={COLUMNS.map((column) => (
          <PlainHeader key={column}>{t(`hosts.columns.${column}`)}</PlainHeader>
        ))}
        emptyText={params.q ? t("hosts.noMatch") : t("hosts.empty")}
        query={hosts}
        rowTestId="host-row"
        rowKey={(host) => host.id}
        row={(host) => <HostRow host={host} />}
        onOffset={(offset) => change({ offset })}
      />
    </section>
  );
}

function HostRow({ host }: { host: HostItem }) {
  const { t } = useTranslation();
  return (
    <>
      <Cell>
        <Link to={`/hosts/${encodeURIComponent(host.id)}`} data-testid="host-link" className="font-medium text-teal-700 hover:underline dark:text-teal-400">
          {host.name}
        </Link>
        {host.hostname && host.hostname !== host.name && <div className="font-mono text-xs text-slate-500">{host.hostname}</div>}
      </Cell>
      <Cell>
        <StatusBadge status={host.status} />
      </Cell>
      <Cell>{percent(host.cpuPercent)}</Cell>
      <Cell title={host.memoryUsedBytes != null ? `${bytes(host.memoryUsedBytes)} / ${bytes(host.memoryTotalBytes)}` : undefined}>
        {percent(host.memoryPercent)}
      </Cell>
      <Cell>
        <div>{t("hosts.readLine", { value: byteRate(host.diskReadBps) })}</div>
        <div>{t("hosts.writeLine", { value: byteRate(host.diskWriteBps) })}</div>
      </Cell>
      <Cell>
        <div>{t("hosts.inLine", { value: byteRate(host.netRxBps) })}</div>
        <div>{t("hosts.outLine", { value: byteRate(host.netTxBps) })}</div>
      </Cell>
      <Cell>{decimal(host.load1)}</Cell>
      <Cell>
        <NodeLink host={host} />
      </Cell>
      <Cell>{host.lastSampleAt ? <RelativeTime iso={host.lastSampleAt} /> : t("hosts.noSample")}</Cell>
    </>
  );
}
