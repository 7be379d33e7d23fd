import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";
import type { ListParams } from "../../lib/useListParams";

export type EventRow = Schemas["EventRow"];
export type StoredEvent = Schemas["StoredEvent"];

/** The filters of both tabs, kept in the URL; `since` and `until` only apply to the history. */
export const EVENT_FILTERS = ["type", "reason", "since", "until"] as const;

/** The events the Agents hold now (the `events` kind), newest first. */
export function useLiveEvents(cluster: string, params: ListParams, enabled: boolean) {
  const api = useApi();
  const { offset, limit, q, namespace, filters } = params;
  const { type, reason } = filters;
  return useQuery({
    queryKey: ["events", cluster, { type, reason, namespace, q, offset, limit }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/events", {
          params: {
            path: { cluster },
            query: { limit, offset, type, reason, namespace: namespace || undefined, q: q || undefined },
          },
          signal,
        }),
      ),
    enabled,
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}

/** A `datetime-local` value (local time, no zone) as RFC 3339; undefined when empty or invalid. */
export function localToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** Archived events last seen in `since`–`until`, newest first. */
export function useEventHistory(cluster: string, params: ListParams, enabled: boolean) {
  const api = useApi();
  const { offset, limit, q, namespace, filters } = params;
  const { type, reason, since, until } = filters;
  return useQuery({
    queryKey: ["event-history", cluster, { type, reason, namespace, q, since, until, offset, limit }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/event-history", {
          params: {
            path: { cluster },
            query: {
              limit,
              offset,
              type,
              reason,
              namespace: namespace || undefined,
              q: q || undefined,
              since: localToIso(since),
              until: localToIso(until),
            },
          },
          signal,
        }),
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}
