import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type CommandView = Schemas["CommandView"];

export interface CommandFilters {
  cluster: string;
  status: string;
  action: string;
  /** A username. */
  createdBy: string;
  offset: number;
  limit: number;
}

/** The command history, newest first; "" in a filter matches everything. */
export function useCommands({ cluster, status, action, createdBy, offset, limit }: CommandFilters) {
  const api = useApi();
  return useQuery({
    queryKey: ["commands", { cluster, status, action, createdBy, offset, limit }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/commands", {
          params: {
            query: {
              cluster: cluster || undefined,
              status: status || undefined,
              action: action || undefined,
              createdBy: createdBy || undefined,
              offset,
              limit,
            },
          },
          signal,
        }),
      ),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}

/** Cancel a command the Agent has not picked up yet (operator). */
export function useCancelCommand() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v3/commands/{command_id}/cancel", { params: { path: { command_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["commands"] }),
  });
}
