/**
 * Running Agent commands from the UI: create one, then long-poll the Master until the Agent's
 * result is in. Mutations go through `useCommand`; read-only actions (logs, a live object through
 * `dynamic`) can call `runCommand` from a query function and `commandOutput` to unwrap it.
 */
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { unwrap, type ApiClient, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";
import { ME_KEY } from "../auth/useAuth";

export type CommandView = Schemas["CommandView"];

/** What a caller names; the rest of `CommandCreate` has UI defaults. */
export type CommandRequest = Pick<Schemas["CommandCreate"], "clusterId" | "action" | "target"> &
  Partial<Pick<Schemas["CommandCreate"], "params" | "dryRun" | "timeoutSeconds">>;

/** Seconds one `GET /commands/{id}?wait=` may block; the Master allows up to 60. */
const WAIT_SECONDS = 20;
/** After a change, the Agent pushes the cluster's new state within its snapshot interval. */
const SETTLE_MS = 3_000;
/** Actions that only read (model/commands.py: `mutating=False`); they change nothing to refresh. */
const READ_ONLY_ACTIONS = new Set(["get_logs", "get_configmap", "get_secret", "dynamic"]);

/** A command that finished without success; `view` holds the Agent's error and any output. */
export class CommandFailed extends Error {
  readonly view: CommandView;

  constructor(view: CommandView) {
    super(view.result?.error || view.status);
    this.name = "CommandFailed";
    this.view = view;
  }
}

/** Create the command and wait for its result (success, failed, timeout, rejected or cancelled). */
export async function runCommand(api: ApiClient, request: CommandRequest, signal?: AbortSignal): Promise<CommandView> {
  let view = await unwrap(
    api.POST("/api/v3/commands", {
      body: { params: {}, dryRun: false, timeoutSeconds: 60, ...request, queue: "ops", source: "ui" },
      signal,
    }),
  );
  // The Master times a command out itself, so this loop ends; the cap guards against a stuck one.
  const deadline = Date.now() + (view.timeoutSeconds + 2 * WAIT_SECONDS) * 1000;
  while (view.result === null && Date.now() < deadline) {
    view = await unwrap(
      api.GET("/api/v3/commands/{command_id}", {
        params: { path: { command_id: view.id }, query: { wait: WAIT_SECONDS } },
        signal,
      }),
    );
  }
  return view;
}

/** The command's output when it succeeded; throws `CommandFailed` otherwise. */
export function commandOutput(view: CommandView): unknown {
  if (view.status !== "success" || view.result === null) throw new CommandFailed(view);
  return view.result.output;
}

/** Refetch everything but the session: lists, details and relations all show cluster state. */
export function refreshClusterState(queryClient: QueryClient): void {
  const refresh = () =>
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
  refresh();
  window.setTimeout(refresh, SETTLE_MS);
}

/**
 * Run one command and resolve with its final view, whatever its status (check `view.status`).
 * Once a real (not dry-run) change has finished, the cached cluster state is refreshed: even a
 * failed one may have changed something (a drain cordons and evicts before it gives up).
 */
export function useCommand() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<CommandView, unknown, CommandRequest>({
    mutationFn: (request) => runCommand(api, request),
    onSuccess: (view) => {
      if (!view.dryRun && !READ_ONLY_ACTIONS.has(view.action)) {
        refreshClusterState(queryClient);
      }
    },
  });
}
