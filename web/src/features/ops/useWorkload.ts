/** What the operation dialogs read about a workload beyond its detail object. */
import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../api/context";
import { field, templatePath } from "./actions";
import { commandOutput, runCommand } from "./useCommand";

export interface Revision {
  revision: number;
  images: string;
}

/** A Deployment's revisions (one per ReplicaSet it owns), newest first. */
export function useRevisions(cluster: string, namespace: string, name: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["ops", "revisions", cluster, namespace, name],
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        api.GET("/api/v3/clusters/{cluster}/replicasets", {
          params: { path: { cluster }, query: { namespace, owner: `Deployment/${name}`, limit: 500 } },
          signal,
        }),
      );
      return page.items
        .map((row): Revision => ({ revision: Number(row.revision), images: row.images }))
        .filter((row) => row.revision > 0)
        .sort((a, b) => b.revision - a.revision);
    },
  });
}

export interface TemplateContainer {
  name: string;
  image: string;
}

/**
 * The containers of a workload's pod template, read live through the `dynamic` action: the
 * Master's workload models keep the images but not the container names `update_image` needs.
 */
export function useTemplateContainers(cluster: string, kind: string, namespace: string, name: string) {
  const api = useApi();
  const path = templatePath(kind, namespace, name);
  return useQuery({
    queryKey: ["ops", "containers", cluster, kind, namespace, name],
    enabled: path !== null,
    queryFn: async ({ signal }) => {
      const view = await runCommand(
        api,
        { clusterId: cluster, action: "dynamic", target: { kind: "", namespace: "", name: "" }, params: { path: path ?? "" } },
        signal,
      );
      const template = field(field(commandOutput(view), "spec"), "template");
      const containers = field(field(template, "spec"), "containers");
      return (Array.isArray(containers) ? containers : []).map(
        (container): TemplateContainer => ({
          name: String(field(container, "name") ?? ""),
          image: String(field(container, "image") ?? ""),
        }),
      );
    },
    staleTime: 30_000,
  });
}
