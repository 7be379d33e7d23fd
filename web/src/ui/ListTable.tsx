import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorBanner, TABLE_ROW, TableBodyStates, TableFrame } from "./ListStates";
import { Pagination } from "./Pagination";

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ListTableProps<T> {
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
export function ListTable<T>({ label, testId, columnCount, header, emptyText, query, rowTestId, rowKey, row, onOffset }: ListTableProps<T>) {
  const page = query.data;
  return (
    <div>
      {query.isError && <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />}
      <TableFrame label={label} testId={testId} busy={query.isFetching} header={header}>
        <TableBodyStates items={page?.items} isError={query.isError} colSpan={columnCount} emptyText={emptyText}>
          {(items) =>
            items.map((item) => (
              <tr key={rowKey(item)} data-testid={rowTestId} className={TABLE_ROW}>
                {row(item)}
              </tr>
            ))
          }
        </TableBodyStates>
      </TableFrame>
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
