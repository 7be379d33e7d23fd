import { useTranslation } from "react-i18next";

interface Props {
  /** The server's sort key for this column, e.g. "restarts". */
  sortKey: string;
  /** The current `sort` parameter, e.g. "-restarts"; undefined means the server's default. */
  sort: string | undefined;
  onSort: (sort: string) => void;
  children: React.ReactNode;
}

/** A column header that asks the server to sort by its key; a second click reverses the order. */
export function SortableHeader({ sortKey, sort, onSort, children }: Props) {
  const { t } = useTranslation();
  const direction = sort === sortKey ? "ascending" : sort === `-${sortKey}` ? "descending" : "none";
  const next = direction === "ascending" ? `-${sortKey}` : sortKey;
  return (
    <th scope="col" aria-sort={direction} className="px-3 py-2 text-left font-medium whitespace-nowrap">
      <button
        type="button"
        data-testid={`sort-${sortKey}`}
        onClick={() => onSort(next)}
        className="inline-flex items-center gap-1 hover:text-teal-700 dark:hover:text-teal-300"
      >
        {children}
        <span aria-hidden="true" className="w-3 text-xs">
          {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : ""}
        </span>
        {direction !== "none" && (
          <span className="sr-only">
            {direction === "ascending" ? t("list.sortAscending") : t("list.sortDescending")}
          </span>
        )}
      </button>
    </th>
  );
}

export function PlainHeader({ children }: { children: React.ReactNode }) {
  return (
    <th scope="col" className="px-3 py-2 text-left font-medium whitespace-nowrap">
      {children}
    </th>
  );
}
