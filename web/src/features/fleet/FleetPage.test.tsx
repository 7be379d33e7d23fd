import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { ADMIN, cluster, page } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp } from "../../test/render";

function overview(problems: number, notReady: number): Schemas["Overview"] {
  return {
    clusters: 1,
    clustersWithData: 1,
    nodes: { total: 3, ready: 3 - notReady, notReady, cordoned: 0 },
    pods: { total: 12, byStatus: { Running: 12 - problems }, problems, restarts: 0 },
    workloads: {},
    capacity: {
      cpuAllocatableMillicores: 1000,
      memoryAllocatableBytes: 1024,
      cpuRequestsMillicores: 0,
      memoryRequestsBytes: 0,
      cpuUsageMillicores: null,
      memoryUsageBytes: null,
    },
    warningEvents: [],
  };
}

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("FleetPage", { timeout: 20_000 }, () => {
  it("shows every cluster with its state, and opens a cluster's overview on click", async () => {
    const calls = mockFetch({
      "GET /api/v3/auth/me": () => json(ADMIN),
      "GET /api/v3/clusters": () =>
        json({ items: [cluster("c1", "prod"), cluster("c2", "staging", "offline", { agentVersion: "0.0.9" }), cluster("c3", "new", "pending")] }),
      "GET /api/v3/clusters/c1/overview": () => json(overview(2, 1)),
      "GET /api/v3/clusters/c2/overview": () => json(overview(0, 0)),
      "GET /api/v3/commands": () => json(page([], 0, 5)),
    });
    const user = userEvent.setup();
    renderApp("/fleet");

    const cards = await screen.findAllByTestId("fleet-card");
    expect(cards).toHaveLength(3);
    expect(screen.getByTestId("fleet-summary")).toHaveTextContent("3 clusters, 1 online");
    const [prod, staging, fresh] = cards.map((card) => within(card));
    expect(prod!.getByTestId("status-badge")).toHaveTextContent("online");
    expect(prod!.getByTestId("fleet-card-nodes")).toHaveTextContent("3");
    expect(prod!.getByTestId("fleet-card-pods")).toHaveTextContent("12");
    expect(await prod!.findByText("3", { selector: '[data-testid="fleet-card-problems"]' })).toBeInTheDocument();
    expect(prod!.getByText("20s")).toHaveAttribute("title");
    expect(staging!.getByTestId("status-badge")).toHaveAttribute("data-tone", "bad");
    expect(staging!.getByText("0.0.9")).toBeInTheDocument();
    expect(await staging!.findByText("none")).toBeInTheDocument();
    expect(fresh!.getByText("never")).toBeInTheDocument();
    expect(fresh!.getByText(/Waiting for the Agent/)).toBeInTheDocument();
    // A cluster that never connected has no overview to ask for.
    expect(calls.some((call) => call.url.pathname === "/api/v3/clusters/c3/overview")).toBe(false);

    await user.click(screen.getByRole("button", { name: "Open the overview of prod" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/overview");
    expect(screen.getByTestId("cluster-switcher")).toHaveValue("c1");
    expect(window.localStorage.getItem("atlhyper.cluster")).toBe("c1");
    // The overview is already in the cache from the fleet.
    expect(await screen.findByTestId("stat-problems-value")).toHaveTextContent("2");
  });

  it("explains an empty fleet", async () => {
    mockFetch({ "GET /api/v3/auth/me": () => json(ADMIN), "GET /api/v3/clusters": () => json({ items: [] }) });
    renderApp("/fleet");
    expect(await screen.findByTestId("fleet-empty")).toHaveTextContent(/No cluster is registered yet/);
  });
});
