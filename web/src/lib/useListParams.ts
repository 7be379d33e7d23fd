import { useCallback } from "react";
import { useSearchParams } from "react-router";

export const PAGE_SIZE = 50;

export interface ListParams {
  offset: number;
  sort: string | undefined;
  q: string;
  namespace: string;
}

/**
 * A list page's query (offset, sort, search, namespace) kept in the URL, so reloads, links and the
 * back button keep the view. Changing anything but the offset returns to the first page.
 */
export function useListParams(): [ListParams, (change: Partial<ListParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const offset = Math.max(0, Number.parseInt(search.get("offset") ?? "0", 10) || 0);
  const params: ListParams = {
    offset,
    sort: search.get("sort") ?? undefined,
    q: search.get("q") ?? "",
    namespace: search.get("namespace") ?? "",
  };

  const update = useCallback(
    (change: Partial<ListParams>) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          const put = (key: string, value: string | number | undefined) => {
            if (value === undefined || value === "" || value === 0) next.delete(key);
            else next.set(key, String(value));
          };
          if ("sort" in change) put("sort", change.sort);
          if ("q" in change) put("q", change.q);
          if ("namespace" in change) put("namespace", change.namespace);
          put("offset", "offset" in change ? change.offset : 0);
          return next;
        },
        { replace: !("offset" in change) },
      );
    },
    [setSearch],
  );

  return [params, update];
}
