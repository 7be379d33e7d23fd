import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import { field } from "../ops/actions";
import { commandOutput, runCommand } from "../ops/useCommand";
import { appendNew, epochMs, freshBuffer, MAX_LINES, type LogBuffer } from "./logLines";

export interface LogOptions {
  container: string;
  tailLines: number;
  previous: boolean;
  /** Fetch again every few seconds and append what is new (the current container only). */
  follow: boolean;
}

export const FOLLOW_INTERVAL_MS = 3_000;
/** A follow asks from this far before the newest line, so clock skew loses nothing. */
const OVERLAP_SECONDS = 30;

/**
 * A container's log through the Agent's `get_logs`. The first fetch takes the last `tailLines`;
 * each later one (a follow tick, a refetch) asks only for lines since the newest one it has and
 * appends those that are new.
 */
export function usePodLogs(cluster: string, namespace: string, pod: string, options: LogOptions) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { container, tailLines, previous, follow } = options;
  const queryKey = ["logs", cluster, namespace, pod, container, tailLines, previous] as const;
  return useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<LogBuffer> => {
      const before = queryClient.getQueryData<LogBuffer>(queryKey);
      const newest = epochMs(before?.lines.at(-1)?.time ?? "");
      const incremental = before !== undefined && !previous && !Number.isNaN(newest);
      const since = Math.max(1, Math.ceil((Date.now() - newest) / 1000) + OVERLAP_SECONDS);
      const view = await runCommand(
        api,
        {
          clusterId: cluster,
          action: "get_logs",
          target: { kind: "Pod", namespace, name: pod },
          params: {
            container,
            previous,
            timestamps: true,
            ...(incremental ? { sinceSeconds: since, tailLines: MAX_LINES } : { tailLines }),
          },
        },
        signal,
      );
      const output = commandOutput(view);
      const lines = field(output, "lines");
      const raw = Array.isArray(lines) ? lines.map(String) : [];
      const truncated = field(output, "truncated") === true;
      return incremental && before ? appendNew(before, raw, truncated) : freshBuffer(raw, truncated);
    },
    refetchInterval: follow && !previous ? FOLLOW_INTERVAL_MS : false,
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
