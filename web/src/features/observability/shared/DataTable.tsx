import { useState, type ReactNode } from "react";
import { TABLE_ROW, TableBodyStates, TableFrame } from "../../../ui/ListStates";
import { Cell } from "../../../ui/ListTable";
import { PlainHeader, SortableHeader } from "../../../ui/SortableHeader";

export interface Column<T> {
  key: string;
  label: string;
  render: (item: T) => ReactNode;
  /** The value the column sorts by (with `serverSort`, the Master sorts by the column's key); a column without one cannot be sorted. */
  sortValue?: (item: T) => number | string;
  mono?: boolean;
}

interface Props<T> {
  label: string;
  testId: string;
  columns: Column<T>[];
  /** undefined while loading. */
  items: readonly T[] | undefined;
  isError?: boolean;
  /** A newer answer is on its way. */
  busy?: boolean;
  emptyText: string;
  rowKey: (item: T) => string;
  rowTestId: string;
  /** A column key, "-key" for descending; the Master's order when unset. */
  defaultSort?: string;
  /**
   * For rows the Master sorted (a page of a longer list): the order it was asked for, and where a
   * click on a sortable header sends the next one. The rows are then shown as they came.
   */
  serverSort?: { sort: string; onSort: (sort: string) => void };
}

function sortRows<T>(items: readonly T[], columns: Column<T>[], sort: string): readonly T[] {
  const descending = sort.startsWith("-");
  const value = columns.find((c) => c.key === (descending ? sort.slice(1) : sort))?.sortValue;
  if (!value) return items;
  return [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return descending ? -order : order;
  });
}

/**
 * A table of rows from one answer of the Master (services, operations, edges, traces), with the
 * console's loading and empty states; a click on a header sorts by that column.
 */
export function DataTable<T>({ label, testId, columns, items, isError = false, busy, emptyText, rowKey, rowTestId, defaultSort, serverSort }: Props<T>) {
  const [localSort, setLocalSort] = useState(defaultSort);
  const sort = serverSort ? serverSort.sort : localSort;
  const onSort = serverSort ? serverSort.onSort : setLocalSort;
  const rows = items && localSort && !serverSort ? sortRows(items, columns, localSort) : items;

  return (
    <TableFrame
      label={label}
      testId={testId}
      busy={busy}
      header={columns.map((column) =>
        column.sortValue ? (
          <SortableHeader key={column.key} sortKey={column.key} sort={sort} onSort={onSort}>
            {column.label}
          </SortableHeader>
        ) : (
          <PlainHeader key={column.key}>{column.label}</PlainHeader>
        ),
      )}
    >
      <TableBodyStates items={rows} isError={isError} colSpan={columns.length} emptyText={emptyText}>
        {(shown) =>
          shown.map((item) => (
            <tr key={rowKey(item)} data-testid={rowTestId} className={TABLE_ROW}>
              {columns.map((column) => (
                <Cell key={column.key} mono={column.mono}>
                  {column.render(item)}
                </Cell>
              ))}
            </tr>
          ))
        }
      </TableBodyStates>
    </TableFrame>
  );
}
