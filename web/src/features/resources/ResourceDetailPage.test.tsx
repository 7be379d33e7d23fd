import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import { apiError, json, mockFetch, renderApp, type Call } from "../../test/render";
import { DEPLOYMENT, POD, shell } from "./fixtures";

// ECharts needs a canvas, which jsdom has not; the chart's inputs are what matters here.
vi.mock("../../ui/TimeSeriesChart", () => ({
  default: ({ series, testId }: { series: { name: string; points: unknown[] }[]; testId: string }) => (
    <div data-testid={testId}>{series.map((s) => `${s.name}:${s.points.length}`).join(" ")}</div>
  ),
}));

const RELATIONS: Schemas["Relations"] = {
  object: { kind: "Deployment", plural: "deployments", namespace: "shop", name: "web", status: "2/2", detail: "complete" },
  groups: [
    {
      relation: "owns",
      kind: "ReplicaSet",
      total: 1,
      items: [{ kind: "ReplicaSet", plural: "replicasets", namespace: "shop", name: "web-7d9c8b6f5", status: "2/2", detail: "revision 3" }],
    },
    {
      relation: "runs",
      kind: "Pod",
      total: 2,
      items: [
        { kind: "Pod", plural: "pods", namespace: "shop", name: "web-7d9c8b6f5-abcde", status: "Running", detail: "1/1 ready on node-1" },
        { kind: "Pod", plural: "pods", namespace: "shop", name: "web-7d9c8b6f5-gone", status: "not found", detail: "" },
      ],
    },
  ],
};

const EVENTS: Schemas["ObjectEvents"] = {
  kind: "Deployment",
  namespace: "shop",
  name: "web",
  items: [
    {
      clusterId: "c1",
      clusterName: "prod",
      uid: "ev-1",
      namespace: "shop",
      name: "web.1",
      type: "Normal",
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set web-7d9c8b6f5 to 2",
      objectKind: "Deployment",
      objectNamespace: "shop",
      objectName: "web",
      objectUid: "uid-web",
      count: 1,
      firstSeen: "2025-06-01T10:00:00Z",
      lastSeen: "2025-06-01T10:00:00Z",
      source: "deployment-controller",
      live: false,
    },
  ],
};

const LIVE_DEPLOYMENT = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          {
            name: "nginx",
            image: "nginx:1.27",
            ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            readinessProbe: { httpGet: { path: "/healthz", port: 80 } },
            env: [
              { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
              { name: "MODE", value: "production" },
            ],
          },
        ],
      },
    },
  },
};

function command(status: string, output: unknown, error = ""): Schemas["CommandView"] {
  return {
    id: "cmd-1",
    clusterId: "c1",
    queue: "ops",
    action: "dynamic",
    target: { kind: "Deployment", namespace: "shop", name: "web" },
    params: {},
    source: "ui",
    createdBy: "admin",
    createdAt: "2025-06-01T12:00:00Z",
    timeoutSeconds: 20,
    dryRun: false,
    status,
    deliveredAt: null,
    result: status === "pending" ? null : { status, output, error, startedAt: null, finishedAt: null },
  };
}

function deploymentRoutes(live: () => Response = () => json(command("success", LIVE_DEPLOYMENT))) {
  return shell({
    "GET /api/v3/clusters/c1/deployments/shop/web": () => json(DEPLOYMENT),
    "GET /api/v3/clusters/c1/relations/deployments/shop/web": () => json(RELATIONS),
    "GET /api/v3/clusters/c1/object-events": () => json(EVENTS),
    "POST /api/v3/commands": () => json(command("pending", null), 201),
    "GET /api/v3/commands/cmd-1": live,
  });
}

const commandPosts = (calls: Call[]) => calls.filter((call) => call.method === "POST" && call.url.pathname === "/api/v3/commands");

// Each test renders the whole app; on a busy machine the first render alone can take seconds,
// and a lazily loaded tab (YAML) longer than the default second to appear.
configure({ asyncUtilTimeout: 5_000 });

describe("the generic detail page", { timeout: 20_000 }, () => {
  it("shows a Deployment's summary, with the tabs its kind has", async () => {
    mockFetch(deploymentRoutes());
    renderApp("/deployments/c1/shop/web");
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("web");
    const tabs = within(await screen.findByRole("tablist")).getAllByRole("tab").map((tab) => tab.textContent);
    expect(tabs).toEqual(["Summary", "Containers", "Conditions", "Events", "YAML", "Related"]);
    expect(screen.getByRole("tab", { name: "Summary" })).toHaveAttribute("aria-selected", "true");
    const summary = await screen.findByTestId("summary");
    expect(within(summary).getByTestId("field-replicas")).toHaveTextContent("2/2");
    expect(within(summary).getByTestId("field-rollout")).toHaveTextContent("complete");
    expect(within(summary).getByTestId("field-labels")).toHaveTextContent("tier=frontend");
    expect(within(summary).getByTestId("field-annotations")).toHaveTextContent("team.example.com/owner=storefront");
    expect(within(summary).getByTestId("field-cluster")).toHaveTextContent("prod");
    expect(within(summary).getByRole("link", { name: "shop" })).toHaveAttribute("href", "/namespaces/c1/shop");
    expect(screen.getByTestId("back-to-list")).toHaveAttribute("href", "/deployments");
  });

  it("keeps the tab in the URL and lists related objects as links", async () => {
    const user = userEvent.setup();
    mockFetch(deploymentRoutes());
    renderApp("/deployments/c1/shop/web?tab=related");
    const groups = await screen.findAllByTestId("related-group");
    expect(groups.map((group) => group.getAttribute("data-relation"))).toEqual(["owns", "runs"]);
    expect(within(groups[0]!).getByText("Owns")).toBeInTheDocument();
    expect(within(groups[0]!).getByRole("link", { name: "web-7d9c8b6f5" })).toHaveAttribute("href", "/replicasets/c1/shop/web-7d9c8b6f5");
    expect(within(groups[1]!).getByRole("link", { name: "web-7d9c8b6f5-abcde" })).toHaveAttribute("href", "/pods/c1/shop/web-7d9c8b6f5-abcde");
    // An object the Master does not hold is named, not linked.
    expect(within(groups[1]!).queryByRole("link", { name: "web-7d9c8b6f5-gone" })).not.toBeInTheDocument();
    expect(within(groups[1]!).getByText("web-7d9c8b6f5-gone")).toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "Events" }));
    expect(screen.getByTestId("location")).toHaveTextContent("tab=events");
    const event = await screen.findByTestId("object-event");
    expect(event).toHaveTextContent("ScalingReplicaSet");
    expect(event).toHaveTextContent("archived");

    await user.click(screen.getByRole("tab", { name: "Conditions" }));
    const conditions = await screen.findAllByTestId("condition");
    expect(conditions).toHaveLength(2);
    expect(within(conditions[0]!).getByText("True")).toHaveAttribute("data-tone", "good");
  });

  it("reads the live object through a dynamic command for the YAML tab", async () => {
    const calls = mockFetch(deploymentRoutes());
    renderApp("/deployments/c1/shop/web?tab=yaml");
    const yaml = await screen.findByTestId("yaml");
    expect(yaml).toHaveTextContent("kind: Deployment");
    expect(yaml).toHaveTextContent("containerPort: 80");
    expect(screen.getByTestId("yaml-source")).toHaveTextContent("Live object from the cluster");
    const posted = commandPosts(calls);
    expect(posted).toHaveLength(1);
    expect(JSON.parse(posted[0]!.body)).toMatchObject({
      clusterId: "c1",
      action: "dynamic",
      target: { kind: "Deployment", namespace: "shop", name: "web" },
      params: { path: "/apis/apps/v1/namespaces/shop/deployments/web" },
    });
    const waited = calls.find((call) => call.url.pathname === "/api/v3/commands/cmd-1");
    expect(waited?.url.searchParams.get("wait")).toBe("10");
  });

  it("says why the live read failed and falls back to the Master's copy", async () => {
    mockFetch(deploymentRoutes(() => json(command("failed", null, "deployments.apps \"web\" is forbidden"))));
    renderApp("/deployments/c1/shop/web?tab=yaml");
    expect(await screen.findByTestId("live-error")).toHaveTextContent('deployments.apps "web" is forbidden');
    expect(screen.getByTestId("live-error")).toHaveTextContent("Showing the copy the Master holds instead.");
    expect(screen.getByTestId("yaml")).toHaveTextContent("rollout: complete");
    expect(screen.getByTestId("yaml-source")).toHaveTextContent("Master's copy");
  });

  it("shows a controller's containers from its compact pod template, without reading the live object", async () => {
    const calls = mockFetch(deploymentRoutes());
    renderApp("/deployments/c1/shop/web?tab=containers");
    const container = await screen.findByTestId("container");
    expect(within(container).getByTestId("container-image")).toHaveTextContent("nginx:1.27");
    expect(container).toHaveTextContent("http 80/TCP");
    expect(container).toHaveTextContent("cpu 100m, memory 128.0 MiB");
    expect(container).toHaveTextContent("readiness: HTTP GET :80/healthz");
    expect(within(container).getByRole("link", { name: "secret/db" })).toHaveAttribute("href", "/secrets/c1/shop/db");
    expect(container).toHaveTextContent("MODE (value not shown)");
    // A template container does not run: no state, readiness or restarts.
    expect(container).not.toHaveTextContent("restarts");
    expect(commandPosts(calls)).toHaveLength(0);
  });

  it("shows a pod's containers, state and restarts from the Master, and its usage history", async () => {
    const user = userEvent.setup();
    const usage: Schemas["UsageSeries"] = {
      kind: "pods",
      namespace: "shop",
      name: POD.name,
      start: 1_748_772_000,
      end: 1_748_775_600,
      step: 60,
      points: [
        { t: 1_748_772_000, cpuAvg: 40, cpuMax: 60, memAvg: 1e8, memMax: 1.2e8 },
        { t: 1_748_772_060, cpuAvg: 45, cpuMax: 70, memAvg: 1.1e8, memMax: 1.3e8 },
      ],
      cpuRequestMillicores: 100,
      cpuLimitMillicores: 500,
      memoryRequestBytes: 128 * 1024 ** 2,
      memoryLimitBytes: null,
    };
    const calls = mockFetch(
      shell({
        [`GET /api/v3/clusters/c1/pods/shop/${POD.name}`]: () => json(POD),
        "GET /api/v3/clusters/c1/usage-history/pods": () => json(usage),
      }),
    );
    renderApp(`/pods/c1/shop/${POD.name}?tab=containers`);
    const tabs = within(await screen.findByRole("tablist")).getAllByRole("tab").map((tab) => tab.textContent);
    expect(tabs).toEqual(["Summary", "Containers", "Conditions", "Events", "YAML", "Related", "Usage", "Logs"]);
    const container = await screen.findByTestId("container");
    expect(within(container).getByTestId("container-image")).toHaveTextContent("nginx:1.27");
    expect(container).toHaveTextContent("2 restarts");
    expect(container).toHaveTextContent("last terminated: OOMKilled");
    expect(within(container).getByRole("link", { name: "secret/db" })).toHaveAttribute("href", "/secrets/c1/shop/db");
    expect(within(container).getByRole("link", { name: "configMap/web-config" })).toHaveAttribute("href", "/configmaps/c1/shop/web-config");
    expect(container).toHaveTextContent("http 80/TCP");
    expect(commandPosts(calls)).toHaveLength(0);

    await user.click(screen.getByRole("tab", { name: "Usage" }));
    expect(await screen.findByTestId("usage-cpu-chart")).toHaveTextContent("Average:2 Peak:2 Requests:2 Limit:2");
    expect(await screen.findByTestId("usage-memory-chart")).toHaveTextContent("Average:2 Peak:2 Requests:2");
    const asked = () => calls.filter((call) => call.url.pathname.endsWith("/usage-history/pods")).map((call) => call.url);
    expect(asked()[0]!.searchParams.get("range")).toBe("1h");
    expect(asked()[0]!.searchParams.get("namespace")).toBe("shop");
    await user.click(screen.getByTestId("range-24h"));
    await waitFor(() => expect(asked().at(-1)!.searchParams.get("range")).toBe("24h"));
    expect(screen.getByTestId("location")).toHaveTextContent("range=24h");
  });

  it("shows a pod's conditions from the compact object", async () => {
    const user = userEvent.setup();
    const calls = mockFetch(shell({ [`GET /api/v3/clusters/c1/pods/shop/${POD.name}`]: () => json(POD) }));
    renderApp(`/pods/c1/shop/${POD.name}?tab=conditions`);
    const rows = await screen.findAllByTestId("condition");
    expect(rows.map((row) => row.firstChild?.textContent)).toEqual(["PodScheduled", "Initialized", "ContainersReady", "Ready"]);
    await user.click(screen.getByRole("tab", { name: "Summary" }));
    expect(await screen.findByTestId("field-annotations")).toHaveTextContent("—");
    expect(commandPosts(calls)).toHaveLength(0);
  });

  it("shows a node's conditions and annotations from the compact object", async () => {
    const user = userEvent.setup();
    const node: Schemas["Node"] = {
      uid: "uid-node-1",
      name: "node-1",
      resourceVersion: "9",
      createdAt: "2025-06-01T09:00:00Z",
      annotations: { "node.alpha.kubernetes.io/ttl": "0" },
      roles: ["worker"],
      ready: "True",
      unschedulable: false,
      kubeletVersion: "v1.31.2",
      osImage: "Debian 12",
      internalIp: "10.1.0.1",
      cpuCapacityMillicores: 4000,
      memoryCapacityBytes: 16 * 1024 ** 3,
      cpuAllocatableMillicores: 3800,
      memoryAllocatableBytes: 15 * 1024 ** 3,
      podsCapacity: 110,
      conditions: [
        { type: "MemoryPressure", status: "True", reason: "KubeletHasInsufficientMemory", message: "", lastTransition: "" },
        { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastTransition: "" },
      ],
    };
    const calls = mockFetch(shell({ "GET /api/v3/clusters/c1/nodes/node-1": () => json(node) }));
    renderApp("/nodes/c1/node-1?tab=conditions");
    const rows = await screen.findAllByTestId("condition");
    const pressure = rows.find((row) => row.textContent?.includes("MemoryPressure"));
    expect(within(pressure!).getByText("True")).toHaveAttribute("data-tone", "bad");
    expect(rows.find((row) => row.textContent?.includes("kubelet is posting ready status"))).toBeDefined();
    await user.click(screen.getByRole("tab", { name: "Summary" }));
    expect(await screen.findByTestId("field-annotations")).toHaveTextContent("node.alpha.kubernetes.io/ttl=0");
    expect(commandPosts(calls)).toHaveLength(0);
  });

  it("shows a Secret's compact object instead of reading it from the cluster", async () => {
    const secret: Schemas["Secret"] = {
      uid: "uid-db",
      name: "db",
      namespace: "shop",
      resourceVersion: "5",
      createdAt: "2025-06-01T10:00:00Z",
      type: "Opaque",
      keys: ["password", "username"],
      immutable: false,
    };
    const calls = mockFetch(shell({ "GET /api/v3/clusters/c1/secrets/shop/db": () => json(secret) }));
    renderApp("/secrets/c1/shop/db?tab=yaml");
    expect(await screen.findByTestId("yaml")).toHaveTextContent("- password");
    expect(screen.getByTestId("yaml-note")).toHaveTextContent("Secrets are never read from the cluster here");
    expect(commandPosts(calls)).toHaveLength(0);
  });

  it("says clearly when the object does not exist, with a way back to the list", async () => {
    mockFetch(shell({ "GET /api/v3/clusters/c1/nodes/ghost": () => apiError(404, "not_found", "no nodes object 'ghost' in cluster 'c1'") }));
    renderApp("/nodes/c1/ghost");
    expect(await screen.findByRole("heading", { name: "Node ghost was not found" })).toBeInTheDocument();
    expect(screen.getByTestId("detail-not-found")).toHaveTextContent("no nodes object 'ghost' in cluster 'c1'");
    expect(screen.getByRole("link", { name: "All Nodes" })).toHaveAttribute("href", "/nodes");
  });
});
