import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { command, event, page, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp } from "../../test/render";

const GIB = 1024 ** 3;

const OVERVIEW: Schemas["Overview"] = {
  clusters: 2,
  clustersWithData: 1,
  nodes: { total: 4, ready: 3, notReady: 1, cordoned: 1 },
  pods: { total: 20, byStatus: { Running: 17, CrashLoopBackOff: 2, Pending: 1 }, problems: 3, restarts: 9 },
  workloads: {
    deployments: { total: 5, rolledOut: 4 },
    statefulsets: { total: 2, rolledOut: 2 },
    daemonsets: { total: 1, rolledOut: 1 },
  },
  capacity: {
    cpuAllocatableMillicores: 8000,
    memoryAllocatableBytes: 16 * GIB,
    cpuRequestsMillicores: 2000,
    memoryRequestsBytes: 4 * GIB,
    cpuUsageMillicores: 1000,
    memoryUsageBytes: null,
  },
  warningEvents: [event("BackOff")],
};

function pod(name: string, status: string) {
  return {
    cluster: "c1",
    clusterName: "prod",
    uid: `uid-${name}`,
    namespace: "shop",
    name,
    status,
    phase: "Running",
    ready: "0/1",
    restarts: 4,
    node: "node-1",
    podIp: "10.0.0.9",
    createdAt: "2025-06-01T00:00:00Z",
    owner: "",
    cpuRequestMillicores: 0,
    cpuLimitMillicores: 0,
    memoryRequestBytes: 0,
    memoryLimitBytes: 0,
  };
}

function routes(overview: Schemas["Overview"] = OVERVIEW) {
  return {
    ...shellRoutes(),
    "GET /api/v3/clusters/*/overview": () => json(overview),
    "GET /api/v3/clusters/*/pods": ({ url }: { url: URL }) => {
      const status = url.searchParams.get("status") ?? "";
      const items = status === "CrashLoopBackOff" ? [pod("db-0", status), pod("db-1", status)] : [pod("api-7", status)];
      return json(page(items, items.length, 5));
    },
    "GET /api/v3/clusters/*/nodes": () =>
      json(page([{ cluster: "c1", clusterName: "prod", uid: "n4", name: "node-4", status: "NotReady" }], 4, 1)),
    "GET /api/v3/clusters/*/deployments": () =>
      json(page([{ cluster: "c1", clusterName: "prod", uid: "d1", namespace: "shop", name: "web", desired: 3, upToDate: 1, rollout: "progressing" }], 5, 1)),
    "GET /api/v3/commands": () => json(page([command("cmd-1")], 1, 5)),
  };
}

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("OverviewPage", { timeout: 20_000 }, () => {
  it("is where / leads, and renders the fleet's counts, capacity bars and problems", async () => {
    const calls = mockFetch(routes());
    renderApp("/");

    expect(await screen.findByTestId("stat-nodes-value")).toHaveTextContent("3 / 4");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Overview");
    expect(screen.getByTestId("location")).toHaveTextContent("/overview");
    expect(screen.getByTestId("stat-nodes")).toHaveTextContent("1 not ready · 1 cordoned");
    expect(screen.getByTestId("stat-pods-value")).toHaveTextContent("20");
    expect(screen.getByTestId("stat-problems-value")).toHaveTextContent("3");
    expect(screen.getByTestId("overview-scope")).toHaveTextContent("All clusters · 2 clusters, 1 reporting");

    // Capacity as bars: share of allocatable, with the numbers in words.
    const cpuRequests = screen.getByRole("meter", { name: "CPU Requested" });
    expect(cpuRequests).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("capacity-cpu-requests-text")).toHaveTextContent("2 cores of 8 cores (25 %)");
    expect(screen.getByRole("meter", { name: "CPU Used" })).toHaveAttribute("aria-valuenow", "12.5");
    expect(screen.getByRole("meter", { name: "Memory Requested" })).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("capacity-memory-requests-text")).toHaveTextContent("4.0 GiB of 16.0 GiB (25 %)");
    expect(screen.getByTestId("capacity-memory-usage-text")).toHaveTextContent(/No usage/);

    // Pods by status and the problems, each linked to its object.
    expect(screen.getAllByTestId("pod-status-count")).toHaveLength(3);
    const problems = screen.getByTestId("overview-problems");
    expect(await within(problems).findByRole("link", { name: "shop/db-0" })).toHaveAttribute("href", "/pods/c1/shop/db-0");
    expect(within(problems).getByRole("link", { name: "node-4" })).toHaveAttribute("href", "/nodes/c1/node-4");
    expect(within(problems).getByRole("link", { name: "shop/api-7" })).toBeInTheDocument();
    const statuses = calls.filter((call) => call.url.pathname.endsWith("/pods")).map((call) => call.url.searchParams.get("status"));
    expect(statuses.sort()).toEqual(["CrashLoopBackOff", "Pending"]);

    // Rollouts only for the kinds with one in progress.
    const rollout = await screen.findByTestId("rollout-row");
    expect(within(rollout).getByRole("link")).toHaveAttribute("href", "/deployments/c1/shop/web");
    expect(rollout).toHaveTextContent("1 of 3 updated");
    expect(calls.some((call) => call.url.pathname.endsWith("/statefulsets"))).toBe(false);

    const warning = screen.getByTestId("warning-event");
    expect(warning).toHaveTextContent("BackOff");
    expect(within(warning).getByRole("link", { name: "Pod/web-1" })).toHaveAttribute("href", "/pods/c1/shop/web-1");
    expect(within(warning).getByText("2m")).toHaveAttribute("title");

    expect(await screen.findByTestId("recent-command")).toHaveTextContent("scale");
  });

  it("says when nothing is wrong and no cluster has sent data", async () => {
    mockFetch({
      ...routes({ ...OVERVIEW, clustersWithData: 0 }),
      "GET /api/v3/commands": () => json(page([], 0, 5)),
    });
    renderApp("/overview");
    expect(await screen.findByTestId("overview-empty")).toHaveTextContent(/No cluster has sent data yet/);
    expect(await screen.findByTestId("overview-no-commands")).toBeInTheDocument();
  });

  it("shows the server's error in words", async () => {
    mockFetch({
      ...routes(),
      "GET /api/v3/clusters/*/overview": () => json({ error: { code: "internal", message: "state store unavailable", details: null } }, 500),
    });
    renderApp("/overview");
    await waitFor(() => expect(screen.getByTestId("list-error")).toHaveTextContent("state store unavailable"), { timeout: 5_000 });
  });

  it("renders in Chinese", async () => {
    mockFetch(routes());
    renderApp("/overview", "zh-CN");
    expect(await screen.findByTestId("stat-nodes-value")).toHaveTextContent("3 / 4 个");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("概览");
    expect(screen.getByRole("meter", { name: "处理器 (CPU) 已请求" })).toHaveAttribute("aria-valuenow", "25");
  });
});
