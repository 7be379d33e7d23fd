import { useVirtualizer } from "@tanstack/react-virtual";
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../ui/errorMessage";
import { downloadText } from "./download";
import { findMatches, lineText, type LogLine } from "./logLines";
import { usePodLogs } from "./usePodLogs";

export interface PodLogsProps {
  cluster: string;
  namespace: string;
  pod: string;
  containers: string[];
}

const TAIL_SIZES = [100, 500, 1000, 5000] as const;
const NO_LINES: LogLine[] = [];
const CONTROL =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm outline-none focus:border-teal-600 focus:ring-2 focus:ring-teal-600/30 disabled:opacity-50 dark:border-slate-600 dark:bg-slate-900";
const BUTTON =
  "rounded-md border border-slate-300 px-2 py-1 text-sm enabled:hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:enabled:hover:bg-slate-800";

interface LineMatch {
  start: number;
  end: number;
  /** Position among all matches, to mark the current one. */
  index: number;
}

function Highlighted({ text, matches, current }: { text: string; matches: LineMatch[] | undefined; current: number }) {
  if (!matches) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of matches) {
    if (match.start > at) parts.push(text.slice(at, match.start));
    const isCurrent = match.index === current;
    parts.push(
      <mark
        key={match.index}
        data-testid="log-match"
        data-current={isCurrent ? "true" : undefined}
        className={isCurrent ? "rounded-sm bg-orange-400 text-black" : "rounded-sm bg-yellow-200 text-black dark:bg-yellow-500/70"}
      >
        {text.slice(match.start, match.end)}
      </mark>,
    );
    at = match.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

function Toggle({ label, checked, onChange, disabled = false, testId }: { label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean; testId: string }) {
  return (
    <label className={`flex items-center gap-1.5 text-sm ${disabled ? "opacity-50" : ""}`}>
      <input type="checkbox" data-testid={testId} checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}

/** A container's log: tail size, previous instance, live follow, search with highlights, download. */
export function PodLogs({ cluster, namespace, pod, containers }: PodLogsProps) {
  const { t } = useTranslation();
  const ids = { container: useId(), tail: useId(), search: useId() };
  const [chosen, setContainer] = useState(containers[0] ?? "");
  const container = containers.includes(chosen) ? chosen : (containers[0] ?? "");
  const [tailLines, setTailLines] = useState<number>(500);
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [search, setSearch] = useState("");
  const [current, setCurrent] = useState(0);

  const logs = usePodLogs(cluster, namespace, pod, { container, tailLines, previous, follow });
  const lines = logs.data?.lines ?? NO_LINES;
  const needle = useDeferredValue(search);
  const matches = useMemo(() => findMatches(lines, needle), [lines, needle]);
  const byLine = useMemo(() => {
    const grouped = new Map<number, LineMatch[]>();
    matches.forEach((match, index) => {
      const list = grouped.get(match.line) ?? [];
      list.push({ start: match.start, end: match.end, index });
      grouped.set(match.line, list);
    });
    return grouped;
  }, [matches]);
  const position = matches.length === 0 ? -1 : Math.min(current, matches.length - 1);

  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 18,
    overscan: 20,
    getItemKey: (index) => lines[index]?.id ?? index,
  });

  // Keep the newest line in view while the reader is at the bottom (a follow appends there).
  useEffect(() => {
    if (atBottom.current && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: "end" });
  }, [lines, virtualizer]);

  // Wrapping changes every row's height.
  useEffect(() => virtualizer.measure(), [wrap, timestamps, virtualizer]);

  useEffect(() => setCurrent(0), [needle]);
  const target = position >= 0 ? matches[position]?.line : undefined;
  useEffect(() => {
    if (target === undefined) return;
    atBottom.current = false;
    virtualizer.scrollToIndex(target, { align: "center" });
  }, [target, position, virtualizer]);

  const step = (delta: number) => {
    if (matches.length > 0) setCurrent((position + delta + matches.length) % matches.length);
  };

  const download = () => {
    const name = [namespace, pod, container, previous ? "previous" : ""].filter(Boolean).join("_");
    downloadText(`${name}.log`, lines.map((line) => lineText(line, timestamps)).join("\n") + "\n");
  };

  let body: ReactNode;
  if (logs.data === undefined) {
    body = logs.isError ? null : (
      <p role="status" data-testid="log-loading" className="p-4 text-slate-500">
        {t("logs.loading")}
      </p>
    );
  } else if (lines.length === 0) {
    body = (
      <p data-testid="log-empty" className="p-4 text-slate-500">
        {t("logs.empty")}
      </p>
    );
  } else {
    body = (
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          if (!line) return null;
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-testid="log-line"
              className={`absolute top-0 left-0 px-3 leading-[18px] ${wrap ? "w-full break-all whitespace-pre-wrap" : "min-w-full whitespace-pre"}`}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {timestamps && line.time && <span className="mr-2 text-slate-500 dark:text-slate-400">{line.time}</span>}
              <Highlighted text={line.text} matches={byLine.get(item.index)} current={position} />
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <section aria-label={t("logs.label", { pod })} data-testid="pod-logs" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        {containers.length > 0 && (
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.container} className="text-xs font-medium text-slate-600 dark:text-slate-400">
              {t("logs.container")}
            </label>
            <select id={ids.container} data-testid="log-container" className={CONTROL} value={container} onChange={(event) => setContainer(event.target.value)}>
              {containers.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.tail} className="text-xs font-medium text-slate-600 dark:text-slate-400">
            {t("logs.tail")}
          </label>
          <select id={ids.tail} data-testid="log-tail" className={CONTROL} value={tailLines} onChange={(event) => setTailLines(Number(event.target.value))}>
            {TAIL_SIZES.map((size) => (
              <option key={size} value={size}>
                {t("logs.tailOption", { count: size })}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-wrap items-center gap-3 pb-1">
          <Toggle label={t("logs.previous")} checked={previous} onChange={setPrevious} testId="log-previous" />
          <Toggle label={t("logs.follow")} checked={follow && !previous} disabled={previous} onChange={setFollow} testId="log-follow" />
          <Toggle label={t("logs.wrap")} checked={wrap} onChange={setWrap} testId="log-wrap" />
          <Toggle label={t("logs.timestamps")} checked={timestamps} onChange={setTimestamps} testId="log-timestamps" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.search} className="text-xs font-medium text-slate-600 dark:text-slate-400">
            {t("logs.search")}
          </label>
          <div className="flex items-center gap-1">
            <input
              id={ids.search}
              type="search"
              data-testid="log-search"
              className={`${CONTROL} w-48`}
              placeholder={t("logs.searchPlaceholder")}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  step(event.shiftKey ? -1 : 1);
                }
              }}
            />
            <button type="button" className={BUTTON} data-testid="log-match-prev" aria-label={t("logs.previousMatch")} disabled={matches.length === 0} onClick={() => step(-1)}>
              ↑
            </button>
            <button type="button" className={BUTTON} data-testid="log-match-next" aria-label={t("logs.nextMatch")} disabled={matches.length === 0} onClick={() => step(1)}>
              ↓
            </button>
          </div>
        </div>
        <button type="button" className={`${BUTTON} mb-0.5`} data-testid="log-download" disabled={lines.length === 0} onClick={download}>
          {t("logs.download")}
        </button>
      </div>

      <div className="flex flex-wrap gap-x-4 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {logs.data && <span data-testid="log-line-count">{t("logs.lineCount", { count: lines.length })}</span>}
        {needle && (
          <span data-testid="log-match-count">{matches.length === 0 ? t("logs.noMatches") : t("logs.matches", { count: matches.length })}</span>
        )}
        {position >= 0 && <span data-testid="log-match-position">{t("logs.matchPosition", { current: position + 1, count: matches.length })}</span>}
        {follow && !previous && <span>{t("logs.following")}</span>}
        {logs.data?.truncated && <span data-testid="log-truncated">{t("logs.truncated")}</span>}
      </div>

      {logs.isError && (
        <p role="alert" data-testid="log-error" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200">
          {t("logs.error", { message: errorMessage(logs.error, t) })}
        </p>
      )}

      <div
        ref={scroller}
        role="log"
        tabIndex={0}
        aria-label={t("logs.label", { pod })}
        aria-busy={logs.isFetching}
        data-testid="log-view"
        onScroll={(event) => {
          const el = event.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="h-[60vh] overflow-auto rounded-lg border border-slate-200 bg-slate-50 py-2 font-mono text-xs text-slate-800 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-200"
      >
        {body}
      </div>
    </section>
  );
}
