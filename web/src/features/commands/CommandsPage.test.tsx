import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { OPERATOR, VIEWER, command, page, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp, type Call } from "../../test/render";

const ITEMS = [
  command("cmd-ok"),
  command("cmd-bad", { action: "drain", target: { kind: "Node", namespace: "", name: "node-2" }, status: "failed", params: {}, result: { status: "failed", output: null, error: "cannot evict web-1: PodDisruptionBudget", startedAt: null, finishedAt: null } }),
  command("cmd-wait", { status: "pending", deliveredAt: null, result: null }),
];

const listCalls = (calls: Call[]) => calls.filter((call) => call.method === "GET" && call.url.pathname === "/api/v3/commands").map((call) => call.url.searchParams);

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("CommandsPage", { timeout: 20_000 }, () => {
  it("lists commands, expands one to its params, timing, output and error, and cancels a pending one", async () => {
    const calls = mockFetch({
      ...shellRoutes(OPERATOR),
      "GET /api/v3/commands": () => json(page(ITEMS)),
      "POST /api/v3/commands/cmd-wait/cancel": () => json({ ...ITEMS[2], status: "cancelled" }),
    });
    const user = userEvent.setup();
    renderApp("/commands");

    const rows = await screen.findAllByTestId("command-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole("link", { name: "Deployment/shop/web" })).toHaveAttribute("href", "/deployments/c1/shop/web");
    expect(within(rows[0]!).getByText("prod")).toBeInTheDocument();
    expect(within(rows[1]!).getByRole("link", { name: "Node/node-2" })).toHaveAttribute("href", "/nodes/c1/node-2");

    await user.click(within(rows[0]!).getByTestId("command-expand"));
    const details = screen.getByTestId("command-details");
    expect(within(details).getByTestId("command-params")).toHaveTextContent('"replicas": 3');
    expect(within(details).getByTestId("command-output")).toHaveTextContent('"replicas": 3');
    expect(details).toHaveTextContent("1.5 seconds");

    await user.click(within(rows[1]!).getByTestId("command-expand"));
    expect(screen.getByTestId("command-error")).toHaveTextContent("cannot evict web-1");

    // Only the pending command can be cancelled.
    expect(screen.getAllByTestId("command-cancel")).toHaveLength(1);
    await user.click(within(rows[2]!).getByTestId("command-cancel"));
    await waitFor(() => expect(calls.some((call) => call.method === "POST" && call.url.pathname === "/api/v3/commands/cmd-wait/cancel")).toBe(true));
  });

  it("filters by cluster, status, action and user on the server", async () => {
    const calls = mockFetch({ ...shellRoutes(OPERATOR), "GET /api/v3/commands": () => json(page([])) });
    const user = userEvent.setup();
    renderApp("/commands");
    expect(await screen.findByText("No commands match.")).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("commands-cluster"), "c2");
    await user.selectOptions(screen.getByTestId("commands-status"), "failed");
    await user.type(screen.getByTestId("commands-action"), "drain");
    await user.type(screen.getByTestId("commands-created-by"), "alice");
    await waitFor(() => {
      const last = listCalls(calls).at(-1)!;
      expect([last.get("cluster"), last.get("status"), last.get("action"), last.get("createdBy")]).toEqual([
        "c2",
        "failed",
        "drain",
        "alice",
      ]);
    });
  });

  it("offers no cancel to a viewer", async () => {
    mockFetch({ ...shellRoutes(VIEWER), "GET /api/v3/commands": () => json(page(ITEMS)) });
    renderApp("/commands");
    expect(await screen.findAllByTestId("command-row")).toHaveLength(3);
    expect(screen.queryByTestId("command-cancel")).toBeNull();
  });
});
