import { useCallback, useRef } from "react";
import { useSearchParams } from "react-router";

export const PAGE_SIZE = 50;
/** Page sizes a list offers; the Master serves at most 500 rows a page. */
export const PAGE_SIZES = [50, 100, 500] as const;

export interface ListParams {
  offset: number;
  limit: number;
  sort: string | undefined;
  q: string;
  namespace: string;
  /** Exact-match filters of the kind, by the Master's query name ("status", "node"…). */
  filters: Record<string, string>;
}

export type ListChange = Partial<Omit<ListParams, "filters">> & { filters?: Record<string, string> };

const RESERVED = new Set(["offset", "limit", "sort", "q", "namespace", "tab"]);

/**
 * A list page's query (offset, page size, sort, search, namespace and the kind's `filterNames`)
 * kept in the URL, so reloads, links and the back button keep the view. Changing anything but the
 * offset returns to the first page; a filter set to "" is removed.
 */
export function useListParams(filterNames: readonly string[] = []): [ListParams, (change: ListChange) => void] {
  const [search, setSearch] = useSearchParams();
  // Changes build on the newest URL, not on the one a (possibly stale) callback closed over:
  // react-router hands a functional update the params of the render that created it, so a
  // debounced search landing right after a filter change would otherwise undo the filter.
  const latest = useRef(search);
  latest.current = search;
  const offset = Math.max(0, Number.parseInt(search.get("offset") ?? "0", 10) || 0);
  const limit = Number.parseInt(search.get("limit") ?? "", 10);
  const filters: Record<string, string> = {};
  for (const name of filterNames) {
    const value = search.get(name);
    if (value && !RESERVED.has(name)) filters[name] = value;
  }
  const params: ListParams = {
    offset,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZE,
    sort: search.get("sort") ?? undefined,
    q: search.get("q") ?? "",
    namespace: search.get("namespace") ?? "",
    filters,
  };

  const update = useCallback(
    (change: ListChange) => {
      setSearch(
        () => {
          const next = new URLSearchParams(latest.current);
          const put = (key: string, value: string | number | undefined) => {
            if (value === undefined || value === "" || value === 0) next.delete(key);
            else next.set(key, String(value));
          };
          if ("sort" in change) put("sort", change.sort);
          if ("q" in change) put("q", change.q);
          if ("namespace" in change) put("namespace", change.namespace);
          if ("limit" in change) put("limit", change.limit === PAGE_SIZE ? undefined : change.limit);
          for (const [name, value] of Object.entries(change.filters ?? {})) {
            if (!RESERVED.has(name)) put(name, value);
          }
          put("offset", "offset" in change ? change.offset : 0);
          latest.current = next;
          return next;
        },
        { replace: !("offset" in change) },
      );
    },
    [setSearch],
  );

  return [params, update];
}
