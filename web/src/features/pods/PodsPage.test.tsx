import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { json, mockFetch, renderApp, type Call } from "../../test/render";

const ME = { username: "admin", role: "admin" };
const CLUSTERS: Schemas["ClusterList"] = {
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

function pod(name: string, status: string, restarts = 0): Schemas["PodRow"] {
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
  };
}

function page(items: Schemas["PodRow"][], total = items.length): Schemas["PodPage"] {
  return { items, total, limit: 50, offset: 0 };
}

function podCalls(calls: Call[]): URL[] {
  return calls.filter((call) => call.url.pathname.endsWith("/pods")).map((call) => call.url);
}

function routes(pods: (call: Call) => Response) {
  return {
    "GET /api/v3/auth/me": () => json(ME),
    "GET /api/v3/clusters": () => json(CLUSTERS),
    "GET /api/v3/clusters/*/namespaces": () => json({ items: [], total: 0, limit: 500, offset: 0 }),
    "GET /api/v3/clusters/*/pods": pods,
  };
}

describe("PodsPage", () => {
  it("renders one row per pod from the server, with the cluster column for all clusters", async () => {
    mockFetch(routes(() => json(page([pod("web-1", "Running"), pod("db-0", "CrashLoopBackOff", 7)], 120))));
    renderApp("/pods");

    const rows = await screen.findAllByTestId("pod-row");
    expect(rows).toHaveLength(2);
    const first = within(rows[0]!);
    expect(first.getByText("web-1")).toBeInTheDocument();
    expect(first.getByText("prod")).toBeInTheDocument();
    expect(first.getByText("Running")).toHaveAttribute("data-tone", "good");
    expect(first.getByText("5m")).toHaveAttribute("title");
    const second = within(rows[1]!);
    expect(second.getByText("CrashLoopBackOff")).toHaveAttribute("data-tone", "bad");
    expect(second.getByText("7")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: /cluster/i })).toBeInTheDocument();
    expect(screen.getByTestId("page-range")).toHaveTextContent("1–50 of 120");
    expect(screen.getByTestId("page-prev")).toBeDisabled();
    expect(screen.getByTestId("page-next")).toBeEnabled();
  });

  it("shows the empty state when nothing matches", async () => {
    mockFetch(routes(() => json(page([]))));
    renderApp("/pods");
    expect(await screen.findByText("No pods match")).toBeInTheDocument();
    expect(screen.queryAllByTestId("pod-row")).toHaveLength(0);
    expect(screen.getByTestId("page-range")).toHaveTextContent("0–0 of 0");
  });

  it("shows the server's error message instead of a blank table", async () => {
    mockFetch(
      routes(() => json({ error: { code: "bad_request", message: "cannot sort by 'x'", details: null } }, 400)),
    );
    renderApp("/pods?sort=x");
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load the list: cannot sort by 'x'");
  });

  it("asks the server to sort, page and search", async () => {
    const user = userEvent.setup();
    const calls = mockFetch(routes(() => json(page([pod("web-1", "Running")], 120))));
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

  it("sends the user to /login when the session has expired", async () => {
    mockFetch({
      ...routes(() => json({ error: { code: "unauthorized", message: "session expired", details: null } }, 401)),
    });
    renderApp("/pods");
    expect(await screen.findByTestId("login-form")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/login");
  });
});
