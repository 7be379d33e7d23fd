import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { useListParams } from "../../lib/useListParams";
import { FILTER_SELECT, SMALL_BUTTON } from "../../ui/controls";
import { FilterField } from "../../ui/Field";
import { ErrorBanner, TABLE_ROW, TableBodyStates, TableFrame } from "../../ui/ListStates";
import { errorMessage } from "../../ui/errorMessage";
import { Pagination } from "../../ui/Pagination";
import { RelativeTime } from "../../ui/RelativeTime";
import { SearchBox } from "../../ui/SearchBox";
import { PlainHeader } from "../../ui/SortableHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { useHasRole } from "../layout/roles";
import { useClusters } from "../layout/useClusters";
import { CommandDetails } from "./CommandDetails";
import { CommandTarget } from "./CommandTarget";
import { useCancelCommand, useCommands, type CommandView } from "./useCommands";

const FILTERS = ["cluster", "status", "action", "createdBy"] as const;
/** The command states the Master records, in the order a command moves through them. */
export const COMMAND_STATUSES = ["pending", "delivered", "success", "failed", "timeout", "rejected", "cancelled"] as const;

export function CommandsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useListParams(FILTERS);
  const { cluster = "", status = "", action = "", createdBy = "" } = params.filters;
  const commands = useCommands({ cluster, status, action, createdBy, offset: params.offset, limit: params.limit });
  const clusters = useClusters();
  const names = new Map(clusters.data?.items.map((item) => [item.id, item.name]));
  const canCancel = useHasRole("operator");
  const cancel = useCancelCommand();
  const [open, setOpen] = useState<Set<string>>(new Set());

  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const page = commands.data;
  const columnCount = 8;
  const rows = (items: readonly CommandView[]) =>
    items.map((command) => {
      const expanded = open.has(command.id);
      return (
        <Fragment key={command.id}>
          <tr data-testid="command-row" className={TABLE_ROW}>
            <td className="px-3 py-2">
              <button
                type="button"
                data-testid="command-expand"
                aria-expanded={expanded}
                aria-label={t(expanded ? "commands.collapse" : "commands.expand", { action: command.action })}
                onClick={() => toggle(command.id)}
                className="w-5 text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
              >
                <span aria-hidden="true">{expanded ? "▾" : "▸"}</span>
              </button>
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <RelativeTime iso={command.createdAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{names.get(command.clusterId) ?? command.clusterId}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              <span data-testid="command-action" className="font-medium">
                {command.action}
              </span>
              {command.dryRun && <span className="ml-2 rounded bg-sky-100 px-1.5 text-xs text-sky-800 dark:bg-sky-500/15 dark:text-sky-300">{t("commands.dryRun")}</span>}
            </td>
            <td className="px-3 py-2">
              <CommandTarget command={command} />
            </td>
            <td className="px-3 py-2">
              <StatusBadge status={command.status} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{command.createdBy}</td>
            <td className="px-3 py-2 text-right whitespace-nowrap">
              {canCancel && command.status === "pending" && (
                <button
                  type="button"
                  data-testid="command-cancel"
                  disabled={cancel.isPending && cancel.variables === command.id}
                  onClick={() => cancel.mutate(command.id)}
                  className={SMALL_BUTTON}
                >
                  {t("commands.cancel")}
                </button>
              )}
            </td>
          </tr>
          {expanded && (
            <tr className="bg-slate-50/60 dark:bg-slate-800/30">
              <td colSpan={columnCount} className="px-3 py-3">
                <CommandDetails command={command} />
              </td>
            </tr>
          )}
        </Fragment>
      );
    });

  return (
    <section aria-labelledby="commands-title" className="space-y-3">
      <h1 id="commands-title" className="text-xl font-semibold">
        {t("commands.title")}
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <FilterField label={t("commands.columns.cluster")}>
          {(id) => (
            <select
              id={id}
              data-testid="commands-cluster"
              value={cluster}
              onChange={(event) => setParams({ filters: { cluster: event.target.value } })}
              className={FILTER_SELECT}
            >
              <option value="">{t("header.allClusters")}</option>
              {clusters.data?.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <SearchBox
          label={t("commands.columns.action")}
          placeholder={t("commands.actionPlaceholder")}
          value={action}
          onChange={(value) => setParams({ filters: { action: value.trim() } })}
          testId="commands-action"
        />
        <SearchBox
          label={t("commands.createdBy")}
          placeholder={t("commands.createdByPlaceholder")}
          value={createdBy}
          onChange={(value) => setParams({ filters: { createdBy: value.trim() } })}
          testId="commands-created-by"
        />
        <FilterField label={t("commands.columns.status")}>
          {(id) => (
            <select
              id={id}
              data-testid="commands-status"
              value={status}
              onChange={(event) => setParams({ filters: { status: event.target.value } })}
              className={FILTER_SELECT}
            >
              <option value="">{t("commands.allStatuses")}</option>
              {COMMAND_STATUSES.map((name) => (
                <option key={name} value={name}>
                  {t(`commands.statuses.${name}`)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
      </div>
      {commands.isError && <ErrorBanner error={commands.error} onRetry={() => void commands.refetch()} />}
      {cancel.isError && (
        <p role="alert" data-testid="cancel-error" className="text-sm text-red-700 dark:text-red-300">
          {t("commands.cancelFailed", { message: errorMessage(cancel.error, t) })}
        </p>
      )}
      <TableFrame
        label={t("commands.title")}
        testId="commands-table" busy={commands.isFetching}
        header={
          <>
            <th scope="col" className="w-8 px-3 py-2">
              <span className="sr-only">{t("commands.details")}</span>
            </th>
            <PlainHeader>{t("commands.columns.created")}</PlainHeader>
            <PlainHeader>{t("commands.columns.cluster")}</PlainHeader>
            <PlainHeader>{t("commands.columns.action")}</PlainHeader>
            <PlainHeader>{t("commands.columns.target")}</PlainHeader>
            <PlainHeader>{t("commands.columns.status")}</PlainHeader>
            <PlainHeader>{t("commands.columns.user")}</PlainHeader>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">{t("commands.columns.actions")}</span>
            </th>
          </>
        }
      >
        <TableBodyStates items={page?.items} isError={commands.isError} colSpan={columnCount} emptyText={t("commands.empty")}>
          {rows}
        </TableBodyStates>
      </TableFrame>
      {page && <Pagination offset={page.offset} limit={page.limit} total={page.total} onOffset={(offset) => setParams({ offset })} />}
    </section>
  );
}
