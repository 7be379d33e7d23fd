import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner, LoadingRow, TableMessage } from "./ListStates";
import { Pagination } from "./Pagination";

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

interface Props<T> {
  label: string;
  testId: string;
  columnCount: number;
  header: ReactNode;
  emptyText: string;
  query: UseQueryResult<Page<T>>;
  rowTestId: string;
  rowKey: (item: T) => string;
  row: (item: T) => ReactNode;
  onOffset: (offset: number) => void;
}

/** A server-paginated table with its loading, empty and error states. */
export function ListTable<T>({ label, testId, columnCount, header, emptyText, query, rowTestId, rowKey, row, onOffset }: Props<T>) {
  const { t } = useTranslation();
  const page = query.data;
  let body: ReactNode;
  if (page === undefined) {
    body = query.isError ? (
      <TableMessage colSpan={columnCount} testId="list-unavailable">
        {t("errors.unknown")}
      </TableMessage>
    ) : (
      <LoadingRow colSpan={columnCount} />
    );
  } else if (page.items.length === 0) {
    body = (
      <TableMessage colSpan={columnCount} testId="list-empty">
        {emptyText}
      </TableMessage>
    );
  } else {
    body = page.items.map((item) => <tr key={rowKey(item)} data-testid={rowTestId} className="border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50">{row(item)}</tr>);
  }

  return (
    <div>
      {query.isError && <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table aria-label={label} data-testid={testId} aria-busy={query.isFetching} className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
            <tr>{header}</tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
      {page && <Pagination offset={page.offset} limit={page.limit} total={page.total} onOffset={onOffset} />}
    </div>
  );
}

/** A body cell; `mono` for names, IPs and versions. */
export function Cell({ children, mono = false, title }: { children: ReactNode; mono?: boolean; title?: string }) {
  return (
    <td title={title} className={`px-3 py-2 whitespace-nowrap ${mono ? "font-mono text-xs" : ""}`}>
      {children}
    </td>
  );
}
