import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { event, page, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp, type Call } from "../../test/render";

function stored(reason: string): Schemas["StoredEvent"] {
  return {
    clusterId: "c1",
    clusterName: "prod",
    uid: `h-${reason}`,
    namespace: "default",
    name: `node-2.${reason}`,
    type: "Normal",
    reason,
    message: "node rebooted",
    objectKind: "Node",
    objectNamespace: "",
    objectName: "node-2",
    objectUid: "n2",
    count: 1,
    firstSeen: "2025-06-01T10:00:00Z",
    lastSeen: "2025-06-01T10:00:00Z",
    source: "kubelet",
  };
}

const live = (calls: Call[]) => calls.filter((call) => call.url.pathname === "/api/v3/clusters/*/events").map((call) => call.url.searchParams);
const history = (calls: Call[]) => calls.filter((call) => call.url.pathname.endsWith("/event-history")).map((call) => call.url.searchParams);

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("EventsPage", { timeout: 20_000 }, () => {
  it("lists live events with a link to each object, and filters by type on the server", async () => {
    const calls = mockFetch({
      ...shellRoutes(),
      "GET /api/v3/clusters/*/events": () =>
        json(page([event("BackOff"), event("Scheduled", { type: "Normal", uid: "u2", objectKind: "Node", objectName: "node-1", namespace: "default" })])),
    });
    const user = userEvent.setup();
    renderApp("/events");

    const rows = await screen.findAllByTestId("event-row");
    expect(rows).toHaveLength(2);
    const first = within(rows[0]!);
    expect(first.getByText("BackOff")).toBeInTheDocument();
    expect(first.getByRole("link", { name: "Pod/web-1" })).toHaveAttribute("href", "/pods/c1/shop/web-1");
    expect(first.getByText("BackOff happened")).toBeInTheDocument();
    expect(first.getByText("2m")).toHaveAttribute("title", expect.stringMatching(/\d{4}/));
    // A node's events live in "default"; its page has no namespace.
    expect(within(rows[1]!).getByRole("link", { name: "Node/node-1" })).toHaveAttribute("href", "/nodes/c1/node-1");

    await user.selectOptions(screen.getByTestId("events-type"), "Warning");
    await waitFor(() => expect(live(calls).at(-1)!.get("type")).toBe("Warning"));
    expect(screen.getByTestId("location")).toHaveTextContent("type=Warning");
    await user.type(screen.getByTestId("events-reason"), "BackOff");
    await waitFor(() => expect(live(calls).at(-1)!.get("reason")).toBe("BackOff"));
    expect(history(calls)).toHaveLength(0);
  });

  it("searches the archive in a time range on the History tab", async () => {
    const calls = mockFetch({
      ...shellRoutes(),
      "GET /api/v3/clusters/*/events": () => json(page([])),
      "GET /api/v3/clusters/*/event-history": () => json(page([stored("Rebooted")], 120)),
    });
    const user = userEvent.setup();
    renderApp("/events");
    expect(await screen.findByText("No events match.")).toBeInTheDocument();

    await user.click(screen.getByTestId("tab-history"));
    const row = await screen.findByTestId("event-history-row");
    expect(within(row).getByRole("link", { name: "Node/node-2" })).toHaveAttribute("href", "/nodes/c1/node-2");
    expect(screen.getByTestId("page-range")).toHaveTextContent("1–50 of 120");

    await user.click(screen.getByTestId("events-range-24h"));
    await waitFor(() => expect(history(calls).at(-1)!.get("since")).toBeTruthy());
    const since = Date.parse(history(calls).at(-1)!.get("since")!);
    expect(Math.abs(Date.now() - 24 * 3_600_000 - since)).toBeLessThan(120_000);
    expect(screen.getByTestId("location")).toHaveTextContent("tab=history");

    await user.clear(screen.getByTestId("events-until"));
    await user.type(screen.getByTestId("events-until"), "2025-06-02T08:30");
    await waitFor(() => expect(history(calls).at(-1)!.get("until")).toBe(new Date("2025-06-02T08:30").toISOString()));
  });

  it("says so when the history cannot be loaded", async () => {
    mockFetch({
      ...shellRoutes(),
      "GET /api/v3/clusters/*/event-history": () => json({ error: { code: "bad_request", message: "since must be before until", details: null } }, 400),
    });
    renderApp("/events?tab=history");
    expect(await screen.findByTestId("list-error")).toHaveTextContent("since must be before until");
  });
});
