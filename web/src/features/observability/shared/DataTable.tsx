import { useMemo, useState, type ReactNode } from "react";
import { TableBodyStates, TableFrame } from "../../../ui/ListStates";
import { PlainHeader, SortableHeader } from "../../../ui/SortableHeader";

export interface Column<T> {
  key: string;
  label: string;
  render: (item: T) => ReactNode;
  /** The value the column sorts by; a column without one cannot be sorted. */
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
  emptyText: string;
  rowKey: (item: T) => string;
  rowTestId: string;
  /** A column key, "-key" for descending; the Master's order when unset. */
  defaultSort?: string;
}

/**
 * A table of rows the Master already sent in one answer (services, operations, edges): sortable
 * by clicking a header, with the console's loading and empty states.
 */
export function DataTable<T>({ label, testId, columns, items, isError = false, emptyText, rowKey, rowTestId, defaultSort }: Props<T>) {
  const [sort, setSort] = useState<string | undefined>(defaultSort);
  const sorted = useMemo(() => {
    if (!items || !sort) return items;
    const descending = sort.startsWith("-");
    const column = columns.find((c) => c.key === (descending ? sort.slice(1) : sort));
    const value = column?.sortValue;
    if (!value) return items;
    return [...items].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
  }, [items, sort, columns]);

  return (
    <TableFrame
      label={label}
      testId={testId}
      header={columns.map((column) =>
        column.sortValue ? (
          <SortableHeader key={column.key} sortKey={column.key} sort={sort} onSort={setSort}>
            {column.label}
          </SortableHeader>
        ) : (
          <PlainHeader key={column.key}>{column.label}</PlainHeader>
        ),
      )}
    >
      <TableBodyStates items={sorted} isError={isError} colSpan={columns.length} emptyText={emptyText}>
        {(rows) =>
          rows.map((item) => (
            <tr key={rowKey(item)} data-testid={rowTestId} className="border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50">
              {columns.map((column) => (
                <td key={column.key} className={`px-3 py-2 whitespace-nowrap ${column.mono ? "font-mono text-xs" : ""}`}>
                  {column.render(item)}
                </td>
              ))}
            </tr>
          ))
        }
      </TableBodyStates>
    </TableFrame>
  );
}
