import { useTranslation } from "react-i18next";
import { errorMessage } from "./errorMessage";

/** A body row of a list table. */
export const TABLE_ROW = "border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50";

export function TableMessage({ colSpan, children, testId }: { colSpan: number; children: React.ReactNode; testId: string }) {
  return (
    <tr>
      <td colSpan={colSpan} data-testid={testId} className="px-3 py-10 text-center text-slate-500 dark:text-slate-400">
        {children}
      </td>
    </tr>
  );
}

export function LoadingRow({ colSpan }: { colSpan: number }) {
  const { t } = useTranslation();
  return (
    <TableMessage colSpan={colSpan} testId="list-loading">
      <span role="status">{t("list.loading")}</span>
    </TableMessage>
  );
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="alert"
      data-testid="list-error"
      className="mb-3 flex items-center justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200"
    >
      <span>{t("list.error", { message: errorMessage(error, t) })}</span>
      <button type="button" onClick={onRetry} className="rounded-md border border-current px-2 py-0.5 hover:bg-red-100 dark:hover:bg-red-900/40">
        {t("list.retry")}
      </button>
    </div>
  );
}

/**
 * A table body's four states: loading, unavailable (no data and an error), empty, or the rows
 * that `children` renders from the items.
 */
export function TableBodyStates<T>({
  items,
  isError,
  colSpan,
  emptyText,
  children,
}: {
  items: readonly T[] | undefined;
  isError: boolean;
  colSpan: number;
  emptyText: string;
  children: (items: readonly T[]) => React.ReactNode;
}) {
  const { t } = useTranslation();
  if (items === undefined) {
    return isError ? (
      <TableMessage colSpan={colSpan} testId="list-unavailable">
        {t("errors.unknown")}
      </TableMessage>
    ) : (
      <LoadingRow colSpan={colSpan} />
    );
  }
  if (items.length === 0) {
    return (
      <TableMessage colSpan={colSpan} testId="list-empty">
        {emptyText}
      </TableMessage>
    );
  }
  return <>{children(items)}</>;
}

/** The bordered, scrollable table that every list in the console sits in. */
export function TableFrame({
  label,
  testId,
  busy,
  header,
  children,
}: {
  label: string;
  testId: string;
  busy?: boolean;
  header: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table aria-label={label} data-testid={testId} aria-busy={busy} className="w-full text-sm">
        <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
          <tr>{header}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
