import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { apiError, json, mockFetch, renderApp } from "../../test/render";
import { callsTo, page, podRow, shell } from "./fixtures";

const podCalls = (calls: Parameters<typeof callsTo>[0]) => callsTo(calls, "/pods");

// Each test renders the whole app; on a busy machine the first render alone can take seconds.
describe("the generic list page (pods)", { timeout: 20_000 }, () => {
  it("renders one row per pod from the server, with the cluster column for all clusters", async () => {
    mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => json(page([podRow("web-1", "Running"), podRow("db-0", "CrashLoopBackOff", 7)], 120)) }));
    renderApp("/pods");

    expect(await screen.findByRole("heading", { name: "Pods" })).toBeInTheDocument();
    const rows = await screen.findAllByTestId("pod-row");
    expect(rows).toHaveLength(2);
    const first = within(rows[0]!);
    expect(first.getByTestId("pod-name")).toHaveTextContent("web-1");
    expect(first.getByTestId("pod-name")).toHaveAttribute("href", "/pods/c1/default/web-1");
    expect(first.getByText("prod")).toBeInTheDocument();
    expect(first.getByText("Running")).toHaveAttribute("data-tone", "good");
    expect(first.getByText("5m")).toHaveAttribute("title");
    expect(first.getByText("50m")).toBeInTheDocument();
    expect(first.getByRole("link", { name: "node-1" })).toHaveAttribute("href", "/nodes/c1/node-1");
    const second = within(rows[1]!);
    expect(second.getByText("CrashLoopBackOff")).toHaveAttribute("data-tone", "bad");
    expect(second.getByText("7")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: /cluster/i })).toBeInTheDocument();
    expect(screen.getByTestId("page-range")).toHaveTextContent("1–50 of 120");
    expect(screen.getByTestId("page-prev")).toBeDisabled();
    expect(screen.getByTestId("page-next")).toBeEnabled();
  });

  it("shows the empty state in words when nothing matches", async () => {
    mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => json(page([])) }));
    renderApp("/pods");
    expect(await screen.findByTestId("list-empty")).toHaveTextContent("No Pods match");
    expect(screen.queryAllByTestId("pod-row")).toHaveLength(0);
    expect(screen.getByTestId("page-range")).toHaveTextContent("0–0 of 0");
  });

  it("shows the server's error message instead of a blank table", async () => {
    mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => apiError(400, "bad_request", "cannot sort by 'x'") }));
    renderApp("/pods?sort=x");
    expect(await screen.findByTestId("list-error")).toHaveTextContent("Could not load the list: cannot sort by 'x'");
    expect(screen.getByTestId("list-unavailable")).toBeInTheDocument();
  });

  it("asks the server to sort, page and search", async () => {
    const user = userEvent.setup();
    const calls = mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => json(page([podRow("web-1", "Running")], 120)) }));
    renderApp("/pods");
    await screen.findAllByTestId("pod-row");
    expect(podCalls(calls)[0]!.searchParams.get("limit")).toBe("50");

    await user.click(screen.getByTestId("sort-restarts"));
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("sort")).toBe("restarts"));
    await user.click(screen.getByTestId("sort-restarts"));
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("sort")).toBe("-restarts"));
    expect(screen.getByRole("columnheader", { name: /restarts/i })).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("offset")).toBe("50"));

    const before = podCalls(calls).length;
    await user.type(screen.getByTestId("pods-search"), "web");
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("q")).toBe("web"));
    // Debounced: typing three letters asked the server once, not three times, and went back to page 1.
    const searches = podCalls(calls).slice(before).filter((url) => url.searchParams.has("q"));
    expect(searches.map((url) => url.searchParams.get("q"))).toEqual(["web"]);
    expect(searches[0]!.searchParams.get("offset")).toBe("0");
    expect(screen.getByTestId("location")).toHaveTextContent("q=web");
  });

  it("sends the kind's filters and the page size, and keeps them in the URL", async () => {
    const user = userEvent.setup();
    const calls = mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => json(page([podRow("web-1", "Running")], 900)) }));
    renderApp("/pods");
    await screen.findAllByTestId("pod-row");

    await user.selectOptions(screen.getByTestId("filter-status"), "CrashLoopBackOff");
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("status")).toBe("CrashLoopBackOff"));
    await user.type(screen.getByTestId("filter-node"), "node-2");
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("node")).toBe("node-2"));
    await user.selectOptions(screen.getByTestId("page-size"), "500");
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.get("limit")).toBe("500"));
    const last = podCalls(calls).at(-1)!;
    expect(last.searchParams.get("status")).toBe("CrashLoopBackOff");
    expect(last.searchParams.get("offset")).toBe("0");
    expect(screen.getByTestId("location")).toHaveTextContent("status=CrashLoopBackOff");
    expect(screen.getByTestId("location")).toHaveTextContent("limit=500");

    await user.selectOptions(screen.getByTestId("filter-status"), "");
    await waitFor(() => expect(podCalls(calls).at(-1)!.searchParams.has("status")).toBe(false));
  });

  it("mounts only the rows near the viewport for a page of 500", async () => {
    const rows = Array.from({ length: 500 }, (_, index) => podRow(`pod-${String(index).padStart(3, "0")}`, "Running"));
    mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => json(page(rows, 2000, 500)) }));
    renderApp("/pods?limit=500");

    const rendered = await screen.findAllByTestId("pod-row");
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]).toHaveTextContent("pod-000");
    expect(screen.queryByText("pod-499")).not.toBeInTheDocument();
    expect(screen.getByTestId("pods-table")).toHaveAttribute("aria-rowcount", "501");
    expect(screen.getByTestId("page-range")).toHaveTextContent("1–500 of 2000");
  });

  it("sends the user to /login when the session has expired", async () => {
    mockFetch(shell({ "GET /api/v3/clusters/*/pods": () => apiError(401, "unauthorized", "session expired") }));
    renderApp("/pods");
    expect(await screen.findByTestId("login-form")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/login");
  });
});

describe("the generic list page (other kinds)", { timeout: 20_000 }, () => {
  it("lists a cluster-scoped kind without a namespace column, linking to its page", async () => {
    const node: Schemas["NodeRow"] = {
      cluster: "c1",
      clusterName: "prod",
      uid: "uid-node-1",
      name: "node-1",
      status: "Ready",
      roles: "control-plane",
      version: "v1.31.0",
      internalIp: "192.168.1.10",
      cpuCores: 4,
      memoryBytes: 16 * 1024 ** 3,
      podCount: 12,
      createdAt: "2025-05-01T00:00:00Z",
      cpuAllocatableMillicores: 4000,
      memoryAllocatableBytes: 15 * 1024 ** 3,
      cpuRequestsMillicores: 1000,
      memoryRequestsBytes: 1024 ** 3,
      cpuUsagePercent: 35,
      memoryUsagePercent: 40,
    };
    window.localStorage.setItem("atlhyper.cluster", "c1");
    const calls = mockFetch(shell({ "GET /api/v3/clusters/c1/nodes": () => json(page([node])) }));
    renderApp("/nodes");
    const row = await screen.findByTestId("node-row");
    expect(within(row).getByTestId("node-name")).toHaveAttribute("href", "/nodes/c1/node-1");
    expect(within(row).getByText("Ready")).toHaveAttribute("data-tone", "good");
    expect(within(row).getByText("35%")).toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: /namespace/i })).not.toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: /cluster/i })).not.toBeInTheDocument();
    expect(screen.queryByTestId("namespace-filter")).not.toBeInTheDocument();
    expect(screen.getByTestId("nodes-table")).toBeInTheDocument();
    expect(callsTo(calls, "/nodes")[0]!.pathname).toBe("/api/v3/clusters/c1/nodes");
  });

  it("links an owner to its own page and sorts by the kind's keys", async () => {
    const user = userEvent.setup();
    const replicaSet: Schemas["ReplicaSetRow"] = {
      cluster: "c1",
      clusterName: "prod",
      uid: "uid-rs",
      namespace: "shop",
      name: "web-7d9c8b6f5",
      desired: 2,
      current: 2,
      ready: 2,
      owner: "Deployment/web",
      revision: "3",
      images: "nginx:1.27,busybox:1.36",
      createdAt: "2025-06-01T10:00:00Z",
    };
    const calls = mockFetch(shell({ "GET /api/v3/clusters/*/replicasets": () => json(page([replicaSet])) }));
    renderApp("/replicasets");
    const row = await screen.findByTestId("replicaset-row");
    expect(within(row).getByRole("link", { name: "Deployment/web" })).toHaveAttribute("href", "/deployments/c1/shop/web");
    expect(within(row).getByText("nginx:1.27, busybox:1.36")).toBeInTheDocument();
    await user.click(screen.getByTestId("sort-owner"));
    await waitFor(() => expect(callsTo(calls, "/replicasets").at(-1)!.searchParams.get("sort")).toBe("owner"));
  });

  it("puts every kind in the side navigation and shows headings in Chinese", async () => {
    mockFetch(shell({ "GET /api/v3/clusters/*/deployments": () => json(page([])) }));
    renderApp("/deployments", "zh-CN");
    expect(await screen.findByRole("heading", { name: "部署" })).toBeInTheDocument();
    expect(await screen.findByTestId("list-empty")).toHaveTextContent("没有匹配的部署");
    for (const plural of ["nodes", "namespaces", "pods", "statefulsets", "services", "ingresses", "persistentvolumeclaims", "configmaps", "secrets", "horizontalpodautoscalers", "limitranges"]) {
      expect(screen.getByTestId(`nav-${plural}`)).toBeInTheDocument();
    }
    expect(screen.getByTestId("nav-nodes")).toHaveTextContent("节点");
    expect(screen.getByRole("columnheader", { name: /名称/ })).toBeInTheDocument();
  });
});
