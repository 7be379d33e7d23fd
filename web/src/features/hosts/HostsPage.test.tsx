import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ADMIN, CLUSTERS } from "../../test/consoleFixtures";
import { apiError, json, mockFetch, renderApp } from "../../test/render";
import { hostItem } from "./fixtures";

const shell = { "GET /api/v3/auth/me": () => json(ADMIN), "GET /api/v3/clusters": () => json(CLUSTERS) };

describe("HostsPage", () => {
  it("lists hosts with their status, headline values and the node they are", async () => {
    const node = hostItem("h2", "prod/node-a", { mode: "cluster", clusterId: "c1", clusterName: "prod", nodeName: "node-a", hostname: "ip-10-0-0-1" });
    const pending = hostItem("h3", "new-vps", { status: "pending", lastSampleAt: null, cpuPercent: null, memoryPercent: null, load1: null });
    const calls = mockFetch({ ...shell, "GET /api/v3/hosts": () => json({ items: [hostItem("h1", "vps-1"), node, pending], total: 3, limit: 50, offset: 0 }) });
    const user = userEvent.setup();
    renderApp("/hosts");

    const rows = await screen.findAllByTestId("host-row");
    expect(rows).toHaveLength(3);
    const [vps, worker, fresh] = rows.map((row) => within(row));
    expect(vps!.getByTestId("host-link")).toHaveAttribute("href", "/hosts/h1");
    expect(vps!.getByTestId("status-badge")).toHaveTextContent("online");
    expect(vps!.getByText("12.5%")).toBeInTheDocument();
    expect(vps!.getByText("25.0%")).toHaveAttribute("title", "2.0 GiB / 8.0 GiB");
    expect(vps!.getByText("1.0 KiB/s read")).toBeInTheDocument();
    expect(vps!.getByText("2.0 KiB/s written")).toBeInTheDocument();
    expect(vps!.getByText("4.0 KiB/s in")).toBeInTheDocument();
    expect(vps!.getByText("512 B/s out")).toBeInTheDocument();
    expect(vps!.getByText("0.42")).toBeInTheDocument();
    expect(worker!.getByTestId("host-node-link")).toHaveAttribute("href", "/nodes/c1/node-a");
    expect(worker!.getByTestId("host-node-link")).toHaveTextContent("prod/node-a");
    expect(worker!.getByText("ip-10-0-0-1")).toBeInTheDocument();
    expect(fresh!.getByTestId("status-badge")).toHaveTextContent("pending");
    expect(fresh!.getByText("never")).toBeInTheDocument();

    await user.type(screen.getByTestId("hosts-search"), "vps");
    await waitFor(() => expect(calls.some((call) => call.url.searchParams.get("q") === "vps")).toBe(true));
    await user.click(vps!.getByTestId("host-link"));
    expect(screen.getByTestId("location")).toHaveTextContent("/hosts/h1");
  });

  it("explains an empty list and a failed one in words", async () => {
    mockFetch({ ...shell, "GET /api/v3/hosts": () => json({ items: [], total: 0, limit: 50, offset: 0 }) });
    renderApp("/hosts");
    expect(await screen.findByTestId("list-empty")).toHaveTextContent(/No host sends metrics yet/);
  });

  it("says what went wrong when the list cannot be loaded", async () => {
    mockFetch({ ...shell, "GET /api/v3/hosts": () => apiError(500, "internal", "the database is down") });
    renderApp("/hosts");
    expect(await screen.findByTestId("list-error", {}, { timeout: 5000 })).toHaveTextContent("the database is down");
  });
});
