import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../api/context";
import { KINDS, livePath } from "./kinds";
import type { CommandView, Plural } from "./types";

const FINAL = new Set(["success", "failed", "timeout", "rejected", "cancelled"]);
const AGENT_SECONDS = 20;

/** The Agent could not read the live object; `status` is the command's final (or last) status. */
export class LiveReadError extends Error {
  readonly status: string;
  constructor(status: string, message: string) {
    super(message);
    this.name = "LiveReadError";
    this.status = status;
  }
}

export type LiveObject = Record<string, unknown>;

/**
 * The object as the cluster's API server returns it now, read by the Agent through a `dynamic`
 * command (a read-only GET; the Agent strips managedFields). Only the YAML tab reads it, since
 * every read is a command and an audit entry; every other tab renders the Master's compact
 * object. Kept for a minute.
 */
export function useLiveObject(plural: Plural, cluster: string, namespace: string, name: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [plural, "live", cluster, namespace, name],
    enabled,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
    queryFn: async ({ signal }): Promise<LiveObject> => {
      let view: CommandView = await unwrap(
        api.POST("/api/v3/commands", {
          body: {
            clusterId: cluster,
            action: "dynamic",
            target: { kind: KINDS[plural].kind, namespace, name },
            params: { path: livePath(plural, namespace, name) },
            dryRun: false,
            timeoutSeconds: AGENT_SECONDS,
            queue: "ops",
            source: "ui",
          },
          signal,
        }),
      );
      // The Master answers a wait as soon as the result is in; allow one round past the timeout.
      for (let round = 0; round < 3 && !FINAL.has(view.status); round += 1) {
        view = await unwrap(
          api.GET("/api/v3/commands/{command_id}", {
            params: { path: { command_id: view.id }, query: { wait: 10 } },
            signal,
          }),
        );
      }
      const output = view.result?.output;
      if (view.status !== "success" || typeof output !== "object" || output === null) {
        throw new LiveReadError(view.status, view.result?.error ?? "");
      }
      return output as LiveObject;
    },
  });
}
