import { useTranslation } from "react-i18next";
import { RelativeTime } from "../../ui/RelativeTime";
import type { CommandView } from "./useCommands";

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function seconds(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start || !end) return null;
  const span = (Date.parse(end) - Date.parse(start)) / 1000;
  return Number.isNaN(span) ? null : Math.round(span * 10) / 10;
}

const PRE = "max-h-80 overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs whitespace-pre-wrap dark:border-slate-700 dark:bg-slate-950";

/** One command's parameters, timing, output and error. */
export function CommandDetails({ command }: { command: CommandView }) {
  const { t, i18n } = useTranslation();
  const result = command.result;
  const took = seconds(result?.startedAt, result?.finishedAt);
  const times: [string, string | null | undefined][] = [
    [t("commands.timing.created"), command.createdAt],
    [t("commands.timing.delivered"), command.deliveredAt],
    [t("commands.timing.started"), result?.startedAt],
    [t("commands.timing.finished"), result?.finishedAt],
  ];
  return (
    <div data-testid="command-details" className="grid gap-3 text-sm lg:grid-cols-2">
      <div className="space-y-2">
        <h3 className="text-xs font-semibold text-slate-500 uppercase">{t("commands.params")}</h3>
        {Object.keys(command.params).length === 0 ? (
          <p className="text-xs text-slate-500">{t("commands.noParams")}</p>
        ) : (
          <pre data-testid="command-params" className={PRE}>
            {asText(command.params)}
          </pre>
        )}
        <h3 className="text-xs font-semibold text-slate-500 uppercase">{t("commands.timing.title")}</h3>
        <dl className="grid grid-cols-[8rem_1fr] gap-y-0.5 text-xs">
          {times.map(([label, iso]) => (
            <Term key={label} label={label}>
              {iso ? (
                <>
                  {new Date(iso).toLocaleString(i18n.language, { dateStyle: "short", timeStyle: "medium" })} (<RelativeTime iso={iso} />)
                </>
              ) : (
                "—"
              )}
            </Term>
          ))}
          <Term label={t("commands.timing.took")}>{took === null ? "—" : t("commands.timing.seconds", { count: took })}</Term>
          <Term label={t("commands.timing.timeout")}>{t("commands.timing.seconds", { count: command.timeoutSeconds })}</Term>
          <Term label={t("commands.queue")}>
            {command.queue} · {command.source}
          </Term>
          <Term label={t("commands.id")}>
            <span className="font-mono">{command.id}</span>
          </Term>
        </dl>
      </div>
      <div className="space-y-2">
        {result === null ? (
          <p className="text-xs text-slate-500">{t("commands.noResult")}</p>
        ) : (
          <>
            {result.error && (
              <>
                <h3 className="text-xs font-semibold text-red-700 uppercase dark:text-red-300">{t("commands.error")}</h3>
                <pre data-testid="command-error" className={`${PRE} text-red-800 dark:text-red-200`}>
                  {result.error}
                </pre>
              </>
            )}
            <h3 className="text-xs font-semibold text-slate-500 uppercase">{t("commands.output")}</h3>
            {result.output === null || result.output === undefined || result.output === "" ? (
              <p className="text-xs text-slate-500">{t("commands.noOutput")}</p>
            ) : (
              <pre data-testid="command-output" className={PRE}>
                {asText(result.output)}
              </pre>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function Term({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
