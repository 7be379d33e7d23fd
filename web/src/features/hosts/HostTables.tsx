import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PlainHeader } from "../../ui/SortableHeader";
import { byteRate, bytes, percent, perSecond } from "./format";
import type { HostBreakdown } from "./useHosts";

function Table({ id, title, columns, empty, rows }: { id: string; title: string; columns: string[]; empty: string; rows: ReactNode[][] }) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </h3>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table aria-labelledby={`${id}-title`} data-testid={id} className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
            <tr>
              {columns.map((column) => (
                <PlainHeader key={column}>{column}</PlainHeader>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-500 dark:text-slate-400">
                  {empty}
                </td>
              </tr>
            ) : (
              rows.map((cells, index) => (
                <tr key={index} data-testid={`${id}-row`} className="border-t border-slate-100 dark:border-slate-800">
                  {cells.map((cell, column) => (
                    <td key={column} className={`px-3 py-1.5 whitespace-nowrap ${column === 0 ? "font-mono text-xs" : "tabular-nums"}`}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Per-disk I/O, per-interface traffic and filesystem usage of one sample. */
export function HostTables({ breakdown }: { breakdown: HostBreakdown }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Table
        id="host-disks"
        title={t("hosts.tables.disks")}
        columns={[t("hosts.tables.device"), t("hosts.tables.read"), t("hosts.tables.write"), t("hosts.tables.readIops"), t("hosts.tables.writeIops"), t("hosts.tables.busy")]}
        empty={t("hosts.tables.noDisks")}
        rows={breakdown.disks.map((d) => [d.device, byteRate(d.readBps), byteRate(d.writeBps), perSecond(d.readIops), perSecond(d.writeIops), percent(d.busyPercent)])}
      />
      <Table
        id="host-interfaces"
        title={t("hosts.tables.interfaces")}
        columns={[t("hosts.tables.interface"), t("hosts.tables.received"), t("hosts.tables.sent"), t("hosts.tables.packetsIn"), t("hosts.tables.packetsOut"), t("hosts.tables.errors"), t("hosts.tables.drops")]}
        empty={t("hosts.tables.noInterfaces")}
        rows={breakdown.interfaces.map((i) => [
          i.name,
          byteRate(i.rxBps),
          byteRate(i.txBps),
          perSecond(i.rxPacketsPs),
          perSecond(i.txPacketsPs),
          `${perSecond(i.rxErrorsPs)} / ${perSecond(i.txErrorsPs)}`,
          `${perSecond(i.rxDropsPs)} / ${perSecond(i.txDropsPs)}`,
        ])}
      />
      <div className="xl:col-span-2">
        <Table
          id="host-filesystems"
          title={t("hosts.tables.filesystems")}
          columns={[t("hosts.tables.mountpoint"), t("hosts.tables.device"), t("hosts.tables.type"), t("hosts.tables.size"), t("hosts.tables.used"), t("hosts.tables.free"), t("hosts.tables.usedPercent"), t("hosts.tables.inodes")]}
          empty={t("hosts.tables.noFilesystems")}
          rows={breakdown.filesystems.map((f) => [
            f.mountpoint,
            f.device,
            f.fstype,
            bytes(f.totalBytes),
            bytes(f.usedBytes),
            bytes(f.freeBytes),
            percent(f.usedPercent),
            percent(f.inodesPercent),
          ])}
        />
      </div>
    </div>
  );
}
