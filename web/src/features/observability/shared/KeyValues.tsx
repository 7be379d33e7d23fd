import { useTranslation } from "react-i18next";

/** A map of attributes (span, resource, log) as a two-column table, keys as the Agent sent them. */
export function KeyValues({ values, testId }: { values: Record<string, string> | undefined; testId: string }) {
  const { t } = useTranslation();
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="text-sm text-slate-500">{t("observability.noAttributes")}</p>;
  return (
    <table data-testid={testId} className="w-full text-xs">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key} className="border-t border-slate-100 align-top first:border-t-0 dark:border-slate-800">
            <th scope="row" className="w-2/5 py-1 pr-3 text-left font-mono font-normal break-all text-slate-500 dark:text-slate-400">
              {key}
            </th>
            <td className="py-1 font-mono break-all whitespace-pre-wrap">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
