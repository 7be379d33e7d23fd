/** Small renderers for table cells and summary values, shared by every kind. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatBytes, formatMillicores } from "../../lib/format";
import { detailPath } from "./paths";

export function YesNo({ value }: { value: boolean | null | undefined }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Dash />;
  return <>{value ? t("resource.yes") : t("resource.no")}</>;
}

export function Dash() {
  return <span className="text-slate-400 dark:text-slate-500">—</span>;
}

/** Text, or a dash for "", "<none>" and missing values. */
export function Text({ value, mono = false }: { value: string | number | null | undefined; mono?: boolean }) {
  if (value === null || value === undefined || value === "" || value === "<none>") return <Dash />;
  return mono ? <span className="font-mono text-xs">{value}</span> : <>{value}</>;
}

export function Bytes({ value }: { value: number | null | undefined }) {
  if (!value) return <Dash />;
  return <span title={`${value} B`}>{formatBytes(value)}</span>;
}

export function Millicores({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <Dash />;
  return <>{formatMillicores(value)}</>;
}

/** A link to an object's detail page; plain text when the kind has no page. */
export function ObjectLink({
  plural,
  cluster,
  namespace = "",
  name,
  children,
  testId,
}: {
  plural: string | null | undefined;
  cluster: string;
  namespace?: string;
  name: string;
  children?: ReactNode;
  testId?: string;
}) {
  const text = children ?? name;
  if (!plural || !name) return <span data-testid={testId}>{text}</span>;
  return (
    <Link
      to={detailPath(plural, cluster, namespace, name)}
      data-testid={testId}
      className="text-teal-700 hover:underline dark:text-teal-400"
    >
      {text}
    </Link>
  );
}

/** A usage figure with a short bar for its share of a whole (requests, allocatable). */
export function UsageBar({ percent, children, title }: { percent: number | null | undefined; children: ReactNode; title?: string }) {
  const width = Math.min(100, Math.max(0, percent ?? 0));
  const colour = width >= 90 ? "bg-red-500" : width >= 70 ? "bg-amber-500" : "bg-teal-600";
  return (
    <span className="inline-flex items-center gap-2" title={title}>
      <span>{children}</span>
      {percent !== null && percent !== undefined && (
        <span aria-hidden="true" className="inline-block h-1.5 w-10 rounded bg-slate-200 dark:bg-slate-700">
          <span className={`block h-1.5 rounded ${colour}`} style={{ width: `${width}%` }} />
        </span>
      )}
    </span>
  );
}

/** Long text cut to one line, in full on hover; table rows stay one line high. */
export function Clip({ value, mono = false }: { value: string | null | undefined; mono?: boolean }) {
  if (!value || value === "<none>") return <Dash />;
  return (
    <span title={value} className={`block max-w-60 truncate ${mono ? "font-mono text-xs" : ""}`}>
      {value}
    </span>
  );
}

/** `key=value` chips for labels and selectors. */
export function KeyValues({ values }: { values: Record<string, string> | null | undefined }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <Dash />;
  return (
    <ul className="flex flex-wrap gap-1">
      {entries.map(([key, value]) => (
        <li
          key={key}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        >
          {value === "" ? key : `${key}=${value}`}
        </li>
      ))}
    </ul>
  );
}

/** A list of strings (images, hosts, keys) one per line. */
export function Lines({ values, mono = true }: { values: readonly string[] | null | undefined; mono?: boolean }) {
  if (!values || values.length === 0) return <Dash />;
  return (
    <ul className={mono ? "font-mono text-xs" : ""}>
      {values.map((value, index) => (
        <li key={`${index}-${value}`} className="break-all">
          {value}
        </li>
      ))}
    </ul>
  );
}
