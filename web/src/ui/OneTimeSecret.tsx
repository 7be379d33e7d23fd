import { useTranslation } from "react-i18next";
import { CopyButton } from "./CopyButton";

/** A token the server shows only once: the value, a copy button and a warning that says so. */
export function OneTimeSecret({ value, testId = "one-time-secret" }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-2">
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
        {t("console.shownOnce")}
      </p>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs break-all select-all dark:border-slate-600 dark:bg-slate-950"
        >
          {value}
        </code>
        <CopyButton text={value} label={t("console.copy")} copiedLabel={t("console.copied")} testId={`${testId}-copy`} />
      </div>
    </div>
  );
}
