/** Objects and rows for the resource page tests, typed by the generated schema. */
import type { Schemas } from "../../api/client";
import { json, type Call } from "../../test/render";

export const ME = { username: "admin", role: "admin" };
export const CLUSTERS: Schemas["ClusterList"] = {
  items: [
    {
      id: "c1",
      name: "prod",
      status: "online",
      lastSeen: "2025-06-01T12:00:00Z",
      agentVersion: "0.1.0",
      capabilities: [],
      podCount: 2,
      nodeCount: 1,
      createdAt: "2025-06-01T00:00:00Z",
    },
  ],
};

export function podRow(name: string, status: string, restarts = 0): Schemas["PodRow"] {
  return {
    cluster: "c1",
    clusterName: "prod",
    uid: `uid-${name}`,
    namespace: "default",
    name,
    status,
    phase: status === "Running" ? "Running" : "Pending",
    ready: status === "Running" ? "1/1" : "0/1",
    restarts,
    node: "node-1",
    podIp: "10.0.0.7",
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    owner: "ReplicaSet/web-7d9c8b6f5",
    cpuRequestMillicores: 100,
    cpuLimitMillicores: 500,
    memoryRequestBytes: 128 * 1024 ** 2,
    memoryLimitBytes: 256 * 1024 ** 2,
    cpuUsageMillicores: 50,
    memoryUsageBytes: 64 * 1024 ** 2,
    cpuRequestPercent: 50,
    cpuLimitPercent: 10,
  };
}

export function page<T>(items: T[], total = items.length, limit = 50, offset = 0) {
  return { items, total, limit, offset };
}

export function callsTo(calls: Call[], suffix: string): URL[] {
  return calls.filter((call) => call.url.pathname.endsWith(suffix)).map((call) => call.url);
}

/** The calls every page of the shell makes, plus `routes`. */
export function shell(routes: Record<string, (call: Call) => Response | Promise<Response>>) {
  return {
    "GET /api/v3/auth/me": () => json(ME),
    "GET /api/v3/clusters": () => json(CLUSTERS),
    "GET /api/v3/clusters/*/namespaces": () => json(page([], 0, 500)),
    "GET /api/v3/clusters/c1/namespaces": () => json(page([], 0, 500)),
    ...routes,
  };
}

export const DEPLOYMENT: Schemas["Deployment"] = {
  uid: "uid-web",
  name: "web",
  namespace: "shop",
  resourceVersion: "42",
  createdAt: "2025-06-01T10:00:00Z",
  labels: { app: "web", tier: "frontend" },
  annotations: { "deployment.kubernetes.io/revision": "3", "team.example.com/owner": "storefront" },
  owners: [],
  generation: 3,
  observedGeneration: 3,
  rollout: "complete",
  images: ["nginx:1.27"],
  selector: { app: "web" },
  conditions: [
    { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastTransition: "2025-06-01T10:01:00Z" },
    { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: "ReplicaSet has successfully progressed.", lastTransition: "2025-06-01T10:01:00Z" },
  ],
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
  unavailableReplicas: 0,
  revision: "3",
  strategy: "RollingUpdate",
  paused: false,
  // The pod template's container: no runtime state.
  containers: [
    {
      name: "nginx",
      image: "nginx:1.27",
      ready: false,
      restartCount: 0,
      state: "waiting",
      reason: "",
      lastTerminationReason: "",
      init: false,
      cpuRequestMillicores: 100,
      cpuLimitMillicores: 0,
      memoryRequestBytes: 128 * 1024 ** 2,
      memoryLimitBytes: 256 * 1024 ** 2,
      ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
      probes: [{ kind: "readiness", type: "httpGet", target: "HTTP GET :80/healthz" }],
      env: [
        { name: "DB_PASSWORD", source: "secret", refName: "db", refKey: "password" },
        { name: "MODE", source: "", refName: "", refKey: "" },
      ],
      envFrom: [],
    },
  ],
  volumes: [],
};

export const POD: Schemas["Pod"] = {
  uid: "uid-web-1",
  name: "web-7d9c8b6f5-abcde",
  namespace: "shop",
  resourceVersion: "77",
  createdAt: "2025-06-01T10:00:30Z",
  labels: { app: "web" },
  owners: [{ kind: "ReplicaSet", name: "web-7d9c8b6f5", uid: "uid-rs", controller: true }],
  nodeName: "node-1",
  phase: "Running",
  status: "Running",
  readyContainers: 1,
  totalContainers: 1,
  restarts: 2,
  podIp: "10.0.0.7",
  hostIp: "192.168.1.10",
  qosClass: "Burstable",
  ownerKind: "ReplicaSet",
  ownerName: "web-7d9c8b6f5",
  deleting: false,
  serviceAccount: "default",
  containers: [
    {
      name: "nginx",
      image: "nginx:1.27",
      ready: true,
      restartCount: 2,
      state: "running",
      reason: "",
      lastTerminationReason: "OOMKilled",
      init: false,
      cpuRequestMillicores: 100,
      cpuLimitMillicores: 500,
      memoryRequestBytes: 128 * 1024 ** 2,
      memoryLimitBytes: 256 * 1024 ** 2,
      probes: [{ kind: "readiness", type: "httpGet", target: "HTTP GET :80/healthz" }],
      env: [
        { name: "DB_PASSWORD", source: "secret", refName: "db", refKey: "password" },
        { name: "MODE", source: "", refName: "", refKey: "" },
      ],
      envFrom: ["configMap:web-config"],
      ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
    },
  ],
  volumes: [{ name: "config", type: "configMap", source: "web-config" }],
  conditions: [
    { type: "PodScheduled", status: "True", reason: "", message: "", lastTransition: "2025-06-01T10:00:31Z" },
    { type: "Initialized", status: "True", reason: "", message: "", lastTransition: "2025-06-01T10:00:32Z" },
    { type: "ContainersReady", status: "True", reason: "", message: "", lastTransition: "2025-06-01T10:00:40Z" },
    { type: "Ready", status: "True", reason: "", message: "", lastTransition: "2025-06-01T10:00:40Z" },
  ],
};
