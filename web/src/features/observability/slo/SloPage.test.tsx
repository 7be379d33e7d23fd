import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CLUSTERS, OPERATOR, VIEWER } from "../../../test/consoleFixtures";
import { json, mockFetch, renderApp } from "../../../test/render";
import { slo } from "../fixtures";

vi.mock("../shared/charts/TopologyGraph", () => ({
  default: ({ nodes, links, testId }: { nodes: { id: string }[]; links: { label?: string }[]; testId: string }) => (
    <div data-testid={testId}>
      {nodes.map((n) => n.id).join(",")} | {links.map((l) => l.label).join(",")}
    </div>
  ),
}));

const shell = (me: { username: string; role: string }) => ({ "GET /api/v3/auth/me": () => json(me), "GET /api/v3/clusters": () => json(CLUSTERS) });

describe("SloPage", { timeout: 20_000 }, () => {
  it("shows each target's windows, budget, burn rates, forecast and status, and the mesh; a viewer cannot edit", async () => {
    mockFetch({ ...shell(VIEWER), "GET /api/v3/clusters/c1/slo": () => json(slo()) });
    renderApp("/slo?cluster=c1");

    await screen.findAllByTestId("slo-row");
    const row = within(screen.getByTestId("slo-table-ingress")).getByTestId("slo-row");
    expect(row).toHaveAttribute("data-status", "warning");
    expect(within(row).getByTestId("slo-link")).toHaveTextContent("shop.example.com");
    expect(within(row).getByTestId("slo-link")).toHaveAttribute("href", "/slo/c1/detail?kind=ingress&name=shop-web-80%40kubernetes");
    expect(within(row).getByTestId("slo-target")).toHaveTextContent("99.90% available");
    expect(within(row).getByTestId("slo-target")).toHaveTextContent("99.0% ≤ 500 ms");
    expect(within(row).getByTestId("slo-window-1d")).toHaveTextContent("99.80%");
    expect(within(row).getByTestId("slo-window-1d")).toHaveTextContent("burn ×2.00");
    expect(within(row).getAllByTestId("burn-rate").map((b) => b.className.includes("text-red"))).toEqual([true, false, false]);
    expect(within(row).getByTestId("budget")).toHaveAttribute("data-remaining", "0.5");
    expect(within(row).getByTestId("budget")).toHaveTextContent("50.0%");
    expect(row).toHaveTextContent("in 7.5 days");
    expect(within(row).getByTestId("status-badge")).toHaveTextContent("at risk");

    const service = within(screen.getByTestId("slo-table-service")).getByTestId("slo-row");
    expect(service).toHaveTextContent("payments/payments-api");
    expect(service).toHaveTextContent("custom target");
    expect(service).toHaveTextContent("no requests");
    expect(service).toHaveTextContent("not at this rate");
    expect(within(service).getByTestId("status-badge")).toHaveTextContent("no data");

    expect(await screen.findByTestId("mesh-graph")).toHaveTextContent("shop/web,payments/payments-api | 98.0% · 120 ms");
    expect(within(screen.getByTestId("mesh-edges")).getByTestId("mesh-edge-row")).toHaveTextContent("shop/webpayments/payments-api");
    expect(screen.queryByTestId("slo-edit")).toBeNull();
  });

  it("lets an operator set a target (as shares) and reset a custom one", async () => {
    const calls = mockFetch({
      ...shell(OPERATOR),
      "GET /api/v3/clusters/c1/slo": () => json(slo()),
      "PUT /api/v3/clusters/c1/slo/targets": (call) => json({ ...JSON.parse(call.body), custom: true }),
      "DELETE /api/v3/clusters/c1/slo/targets": () => json({ kind: "service", name: "payments/payments-api", availability: 0.999, latencyMs: 500, latencyObjective: 0.99, custom: false }),
    });
    const user = userEvent.setup();
    renderApp("/slo?cluster=c1");

    await screen.findAllByTestId("slo-row");
    await user.click(within(screen.getByTestId("slo-table-ingress")).getByTestId("slo-edit"));
    const dialog = within(screen.getByTestId("slo-target-dialog"));
    expect(dialog.getByTestId("slo-availability")).toHaveValue("99.9");
    expect(dialog.queryByTestId("slo-target-reset")).toBeNull();
    await user.clear(dialog.getByTestId("slo-availability"));
    await user.type(dialog.getByTestId("slo-availability"), "101");
    expect(dialog.getByTestId("slo-target-save")).toBeDisabled();
    await user.clear(dialog.getByTestId("slo-availability"));
    await user.type(dialog.getByTestId("slo-availability"), "99.5");
    await user.clear(dialog.getByTestId("slo-latency"));
    await user.type(dialog.getByTestId("slo-latency"), "300");
    await user.click(dialog.getByTestId("slo-target-save"));
    await waitFor(() => expect(screen.queryByTestId("slo-target-dialog")).toBeNull());
    const put = calls.find((call) => call.method === "PUT");
    expect(JSON.parse(put!.body)).toEqual({ kind: "ingress", name: "shop-web-80@kubernetes", availability: 0.995, latencyMs: 300, latencyObjective: 0.99 });

    await user.click(within(screen.getByTestId("slo-table-service")).getByTestId("slo-edit"));
    await user.click(screen.getByTestId("slo-target-reset"));
    await waitFor(() => expect(calls.some((call) => call.method === "DELETE")).toBe(true));
    const reset = calls.find((call) => call.method === "DELETE")!;
    expect(reset.url.searchParams.get("kind")).toBe("service");
    expect(reset.url.searchParams.get("name")).toBe("payments/payments-api");
    await waitFor(() => expect(calls.filter((call) => call.method === "GET" && call.url.pathname.endsWith("/slo")).length).toBeGreaterThanOrEqual(3));
  });
});
