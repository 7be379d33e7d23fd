import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { useSearchParams } from "react-router";
import type { ApiClient } from "../../../api/client";
import { useApi } from "../../../api/context";

/** The ranges the Master resolves itself (CONTRACT: 15m … 30d). */
export const OBS_RANGES = ["15m", "1h", "6h", "24h", "7d", "30d"] as const;

/** Node metrics are kept for a day. */
export const NODE_RANGES = ["1h", "6h", "24h"] as const;

/**
 * The time a page looks at: a range ending now, or an absolute `start`–`end` (both RFC 3339) after
 * a brush on a histogram. Both live in the URL, so a zoomed view can be shared.
 */
export interface TimeWindow<R extends string = string> {
  range: R;
  start?: string;
  end?: string;
}

export function isCustom(view: TimeWindow): view is TimeWindow & { start: string; end: string } {
  return view.start !== undefined && view.end !== undefined;
}

/** The query parameters the Master reads for a window. */
export interface WindowParams {
  range?: string;
  start?: string;
  end?: string;
}

function windowParams(view: TimeWindow): WindowParams {
  return isCustom(view) ? { start: view.start, end: view.end } : { range: view.range };
}

/**
 * A question to the Master about a window: `fetch` is given the window's query parameters, and
 * the window ends the query key. The last answer stays on screen while the next one loads; a
 * relative window is asked again every 30 s as "now" moves (the Master floors its end to 10 s),
 * an absolute one never.
 */
export function useWindowQuery<T>(
  key: readonly unknown[],
  view: TimeWindow,
  fetch: (api: ApiClient, timeParams: WindowParams, signal: AbortSignal) => Promise<T>,
  { enabled = true }: { enabled?: boolean } = {},
) {
  const api = useApi();
  return useQuery({
    queryKey: [...key, view],
    queryFn: ({ signal }) => fetch(api, windowParams(view), signal),
    placeholderData: keepPreviousData,
    refetchInterval: isCustom(view) ? false : 30_000,
    enabled,
  });
}

export interface TimeWindowControls<R extends string> {
  setRange: (range: R) => void;
  setCustom: (start: string, end: string) => void;
}

/**
 * The window in the URL (`?range=`, or `?start=&end=`). Choosing either returns a list to its
 * first page (`offset` is dropped).
 */
export function useTimeWindow<R extends string>(ranges: readonly R[], fallback: R): [TimeWindow<R>, TimeWindowControls<R>] {
  const [search, setSearch] = useSearchParams();
  const latest = useRef(search);
  latest.current = search;
  const requested = search.get("range");
  const range = (ranges as readonly (string | null)[]).includes(requested) ? (requested as R) : fallback;
  const start = search.get("start") ?? undefined;
  const end = search.get("end") ?? undefined;
  const view: TimeWindow<R> = start && end ? { range, start, end } : { range };

  const change = useCallback(
    (apply: (next: URLSearchParams) => void) =>
      setSearch(
        () => {
          const next = new URLSearchParams(latest.current);
          next.delete("offset");
          apply(next);
          latest.current = next;
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  const setRange = useCallback(
    (option: R) =>
      change((next) => {
        next.set("range", option);
        next.delete("start");
        next.delete("end");
      }),
    [change],
  );
  const setCustom = useCallback(
    (from: string, to: string) =>
      change((next) => {
        next.set("start", from);
        next.set("end", to);
      }),
    [change],
  );
  return [view, { setRange, setCustom }];
}
