import { useTranslation } from "react-i18next";
import { errorMessage } from "./errorMessage";

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
