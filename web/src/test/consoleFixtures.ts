/** Sample API answers shared by the console pages' tests (overview, fleet, events, commands…). */
import type { Schemas } from "../api/client";
import { json } from "./render";

export const ADMIN = { username: "admin", role: "admin" };
export const OPERATOR = { username: "olga", role: "operator" };
export const VIEWER = { username: "vic", role: "viewer" };

export function cluster(id: string, name: string, status = "online", extra: Partial<Schemas["ClusterInfo"]> = {}): Schemas["ClusterInfo"] {
  return {
    id,
    name,
    status,
    lastSeen: status === "pending" ? null : new Date(Date.now() - 20_000).toISOString(),
    agentVersion: status === "pending" ? "" : "0.1.0",
    capabilities: ["metrics"],
    podCount: 12,
    nodeCount: 3,
    createdAt: "2025-06-01T00:00:00Z",
    ...extra,
  };
}

export const CLUSTERS: Schemas["ClusterList"] = { items: [cluster("c1", "prod"), cluster("c2", "staging", "offline")] };

export function event(reason: string, extra: Partial<Schemas["EventRow"]> = {}): Schemas["EventRow"] {
  return {
    cluster: "c1",
    clusterName: "prod",
    uid: `uid-${reason}`,
    namespace: "shop",
    name: `web-1.${reason}`,
    type: "Warning",
    reason,
    object: "pod/web-1",
    objectKind: "Pod",
    objectName: "web-1",
    message: `${reason} happened`,
    count: 3,
    firstSeen: new Date(Date.now() - 600_000).toISOString(),
    lastSeen: new Date(Date.now() - 120_000).toISOString(),
    source: "kubelet",
    createdAt: new Date(Date.now() - 600_000).toISOString(),
    ...extra,
  };
}

export function command(id: string, extra: Partial<Schemas["CommandView"]> = {}): Schemas["CommandView"] {
  return {
    id,
    clusterId: "c1",
    queue: "ops",
    action: "scale",
    target: { kind: "Deployment", namespace: "shop", name: "web" },
    params: { replicas: 3 },
    source: "ui",
    createdBy: "admin",
    createdAt: new Date(Date.now() - 300_000).toISOString(),
    timeoutSeconds: 60,
    dryRun: false,
    status: "success",
    deliveredAt: new Date(Date.now() - 299_000).toISOString(),
    result: {
      status: "success",
      output: { replicas: 3 },
      error: "",
      startedAt: new Date(Date.now() - 299_000).toISOString(),
      finishedAt: new Date(Date.now() - 297_500).toISOString(),
    },
    ...extra,
  };
}

export function page<T>(items: T[], total = items.length, limit = 50, offset = 0) {
  return { items, total, limit, offset };
}

/** The calls every page of the shell makes: who am I, the clusters, an empty namespace list. */
export function shellRoutes(me: { username: string; role: string } = ADMIN) {
  return {
    "GET /api/v3/auth/me": () => json(me),
    "GET /api/v3/clusters": () => json(CLUSTERS),
    "GET /api/v3/clusters/*/namespaces": () => json(page([], 0, 500)),
    "GET /api/v3/clusters/c1/namespaces": () => json(page([], 0, 500)),
  };
}
