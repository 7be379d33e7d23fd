import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { millis } from "../shared/format";
import type { SpanRow } from "../shared/types";
import { timeTicks, visibleRows, waterfallLayout, type WaterfallRow } from "./waterfall";

interface Props {
  spans: SpanRow[];
  durationMs: number;
  /** Each service's colour (serviceColours). */
  colours: ReadonlyMap<string, string>;
  selected: string | null;
  onSelect: (spanId: string) => void;
}

/** The spans of a trace as bars on one timeline, indented by depth and coloured by service. */
export function Waterfall({ spans, durationMs, colours, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const rows = useMemo(() => waterfallLayout(spans, durationMs, colours), [spans, durationMs, colours]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const shown = useMemo(() => visibleRows(rows, collapsed), [rows, collapsed]);
  const ticks = timeTicks(durationMs);
  const toggle = (spanId: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (!next.delete(spanId)) next.add(spanId);
      return next;
    });

  return (
    <div data-testid="waterfall" className="overflow-x-auto rounded-lg border border-slate-200 bg-white text-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="min-w-[560px]">
        <div className="flex border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-400">
          <div className="w-[36%] shrink-0 px-3 py-1.5 font-medium">{t("observability.trace.spanColumn")}</div>
          <div className="relative h-7 flex-1">
            {ticks.map((tick) => (
              <span key={tick.pct} className="absolute top-1.5 -translate-x-full pr-1 whitespace-nowrap first:translate-x-0 first:pl-1" style={{ left: `${tick.pct}%` }}>
                {millis(tick.ms)}
              </span>
            ))}
          </div>
        </div>
        <ul aria-label={t("observability.trace.waterfall")}>
          {shown.map((row) => (
            <SpanLine key={row.span.spanId} row={row} selected={row.span.spanId === selected} collapsed={collapsed.has(row.span.spanId)} onSelect={onSelect} onToggle={toggle} ticks={ticks.map((tick) => tick.pct)} />
          ))}
        </ul>
      </div>
    </div>
  );
}

function SpanLine({ row, selected, collapsed, onSelect, onToggle, ticks }: { row: WaterfallRow; selected: boolean; collapsed: boolean; onSelect: (id: string) => void; onToggle: (id: string) => void; ticks: number[] }) {
  const { t } = useTranslation();
  const { span } = row;
  const labelRight = row.leftPct + row.widthPct < 75;
  return (
    <li
      data-testid="waterfall-row"
      data-span-id={span.spanId}
      data-depth={row.depth}
      data-error={span.error || undefined}
      aria-current={selected || undefined}
      className={`flex border-b border-slate-100 last:border-b-0 dark:border-slate-800 ${selected ? "bg-teal-50 dark:bg-teal-500/10" : "hover:bg-slate-50 dark:hover:bg-slate-800/50"}`}
    >
      <div className="flex w-[36%] shrink-0 items-center gap-1 py-1 pr-2" style={{ paddingLeft: `${8 + row.depth * 14}px` }}>
        {row.hasChildren ? (
          <button
            type="button"
            data-testid="span-toggle"
            aria-expanded={!collapsed}
            aria-label={t(collapsed ? "observability.trace.expand" : "observability.trace.collapse", { name: span.name })}
            onClick={() => onToggle(span.spanId)}
            className="w-4 shrink-0 text-xs text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
          >
            {collapsed ? "▸" : "▾"}
          </button>
        ) : (
          <span className="w-4 shrink-0" />
        )}
        <span className="h-3 w-1 shrink-0 rounded-sm" style={{ background: row.colour }} />
        <button type="button" data-testid="span-select" onClick={() => onSelect(span.spanId)} className="min-w-0 truncate text-left" title={`${span.service} · ${span.name}`}>
          <span className="font-medium">{span.service}</span> <span className="text-slate-600 dark:text-slate-300">{span.name}</span>
        </button>
        {span.error && (
          <span data-testid="span-error" title={span.statusMessage || t("observability.traces.error")} className="ml-auto shrink-0 rounded bg-red-600 px-1 text-[10px] font-bold text-white">
            !
          </span>
        )}
      </div>
      <button type="button" tabIndex={-1} aria-hidden="true" onClick={() => onSelect(span.spanId)} className="relative h-7 flex-1 cursor-pointer">
        {ticks.map((pct) => (
          <span key={pct} className="absolute inset-y-0 border-l border-slate-100 dark:border-slate-800" style={{ left: `${pct}%` }} />
        ))}
        <span
          data-testid="span-bar"
          className={`absolute top-1.5 h-4 rounded-sm ${span.error ? "ring-2 ring-red-600 ring-offset-1 dark:ring-offset-slate-900" : ""}`}
          style={{ left: `${row.leftPct}%`, width: `${row.widthPct}%`, background: row.colour }}
        />
        <span
          className={`absolute top-1.5 text-xs leading-4 whitespace-nowrap ${labelRight ? "text-slate-600 dark:text-slate-300" : "text-white"}`}
          // Beside a short bar; inside the end of a long one, so it never leaves the timeline.
          style={labelRight ? { left: `calc(${row.leftPct + row.widthPct}% + 4px)` } : { right: `calc(${100 - row.leftPct - row.widthPct}% + 4px)` }}
        >
          {millis(span.durationMs)}
        </span>
      </button>
    </li>
  );
}
