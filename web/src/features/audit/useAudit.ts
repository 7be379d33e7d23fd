import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";
import type { ListParams } from "../../lib/useListParams";
import { localToIso } from "../events/useEvents";

export type AuditEntry = Schemas["AuditView"];

export const AUDIT_FILTERS = ["actor", "action", "result", "since", "until"] as const;

/** The audit log, newest first (admin). */
export function useAudit(params: ListParams) {
  const api = useApi();
  const { offset, limit, q, filters } = params;
  const { actor, action, result, since, until } = filters;
  return useQuery({
    queryKey: ["audit", { actor, action, result, since, until, q, offset, limit }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/audit", {
          params: {
            query: { actor, action, result, q: q || undefined, since: localToIso(since), until: localToIso(until), offset, limit },
          },
          signal,
        }),
      ),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}
