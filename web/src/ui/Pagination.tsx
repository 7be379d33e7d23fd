import { useId } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
  /** Page sizes to offer; with `onLimit`, a picker is shown. */
  limits?: readonly number[];
  onLimit?: (limit: number) => void;
}

export function Pagination({ offset, limit, total, onOffset, limits, onLimit }: Props) {
  const { t } = useTranslation();
  const sizeId = useId();
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  const button =
    "rounded-md border border-slate-300 px-3 py-1 text-sm enabled:hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:enabled:hover:bg-slate-800";
  return (
    <nav aria-label={t("list.pagination")} className="flex items-center justify-end gap-3 py-3 text-sm">
      {limits && onLimit && (
        <span className="mr-auto flex items-center gap-2">
          <label htmlFor={sizeId} className="text-slate-600 dark:text-slate-400">
            {t("list.pageSize")}
          </label>
          <select
            id={sizeId}
            data-testid="page-size"
            value={limit}
            onChange={(event) => onLimit(Number(event.target.value))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          >
            {limits.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </span>
      )}
      <span data-testid="page-range" className="text-slate-600 dark:text-slate-400">
        {t("list.range", { from, to, total })}
      </span>
      <button
        type="button"
        className={button}
        data-testid="page-prev"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t("list.previous")}
      </button>
      <button
        type="button"
        className={button}
        data-testid="page-next"
        disabled={offset + limit >= total}
        onClick={() => onOffset(offset + limit)}
      >
        {t("list.next")}
      </button>
    </nav>
  );
}
