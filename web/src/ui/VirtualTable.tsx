import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState } from "react";
import { ErrorBanner, TABLE_ROW, TableBodyStates } from "./ListStates";
import type { ListTableProps } from "./ListTable";
import { Pagination } from "./Pagination";

interface Props<T> extends ListTableProps<T> {
  /** Page sizes to offer next to the pager. */
  limits?: readonly number[];
  onLimit?: (limit: number) => void;
}

/** Every row is this tall (cells do not wrap), so rows need no measuring. */
export const ROW_HEIGHT = 40;
const OVERSCAN = 10;

/**
 * A server-paginated table that only mounts the rows near the viewport, so a page of 500 rows
 * scrolls as smoothly as one of 50. The page itself scrolls (the window is the scroll element);
 * rows above and below the rendered window are stood in for by two spacer rows.
 */
export function VirtualTable<T>({
  label,
  testId,
  columnCount,
  header,
  emptyText,
  query,
  rowTestId,
  rowKey,
  row,
  onOffset,
  limits,
  onLimit,
}: Props<T>) {
  const page = query.data;
  const items = page?.items ?? [];
  const body = useRef<HTMLTableSectionElement>(null);
  const [top, setTop] = useState(0);

  // Where the body starts in the document; anything above it (filters, banners) can move it.
  useLayoutEffect(() => {
    const element = body.current;
    if (!element) return;
    const next = Math.round(element.getBoundingClientRect().top + window.scrollY);
    if (next !== top) setTop(next);
  });

  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: top,
    getItemKey: (index) => {
      const item = items[index];
      return item === undefined ? index : rowKey(item);
    },
  });
  const windowed = virtualizer.getVirtualItems();
  const first = windowed[0];
  const last = windowed.at(-1);
  const before = first ? first.start - top : 0;
  const after = last ? virtualizer.getTotalSize() - (last.end - top) : 0;

  const content = (
    <TableBodyStates items={page?.items} isError={query.isError} colSpan={columnCount} emptyText={emptyText}>
      {() => (
      <>
        {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
        {windowed.map((virtual) => {
          const item = items[virtual.index];
          if (item === undefined) return null;
          return (
            <tr
              key={virtual.key}
              data-testid={rowTestId}
              aria-rowindex={virtual.index + 2}
              style={{ height: ROW_HEIGHT }}
              className={TABLE_ROW}
            >
              {row(item)}
            </tr>
          );
        })}
        {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
      </>
      )}
    </TableBodyStates>
  );

  return (
    <div>
      {query.isError && <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table
          aria-label={label}
          aria-rowcount={items.length + 1}
          data-testid={testId}
          aria-busy={query.isFetching}
          className="w-full text-sm"
        >
          <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
            <tr aria-rowindex={1}>{header}</tr>
          </thead>
          <tbody ref={body}>{content}</tbody>
        </table>
      </div>
      {page && (
        <Pagination offset={page.offset} limit={page.limit} total={page.total} onOffset={onOffset} limits={limits} onLimit={onLimit} />
      )}
    </div>
  );
}
