import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ADMIN, CLUSTERS } from "../../test/consoleFixtures";
import { apiError, json, mockFetch, renderApp } from "../../test/render";
import { breakdown, hostItem, timeseries } from "./fixtures";

// ECharts needs a canvas, which jsdom has not; the chart's inputs are what matters here.
vi.mock("../../ui/TimeSeriesChart", () => ({
  default: ({ series, testId }: { series: { name: string; points: unknown[] }[]; testId: string }) => (
    <div data-testid={testId}>{series.map((s) => `${s.name}:${s.points.length}`).join(" ")}</div>
  ),
}));

const shell = { "GET /api/v3/auth/me": () => json(ADMIN), "GET /api/v3/clusters": () => json(CLUSTERS) };
const FIRST = "2025-06-01T10:00:00Z";
const SECOND = "2025-06-01T10:00:05Z";

describe("HostDetailPage", () => {
  it("shows live values that refresh every 5 s, trends with a range picker, tables and extras", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let sampled = FIRST;
    const calls = mockFetch({
      ...shell,
      "GET /api/v3/hosts/h1": () => json(hostItem("h1", "vps-1", { mode: "cluster", clusterId: "c1", clusterName: "prod", nodeName: "node-a" })),
      "GET /api/v3/hosts/h1/breakdown": () => json(breakdown(sampled)),
      "GET /api/v3/hosts/h1/timeseries": () => json(timeseries(4)),
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderApp("/hosts/h1");

    expect(await screen.findByTestId("host-name")).toHaveTextContent("vps-1");
    expect(screen.getByText(/Debian GNU\/Linux 12 · 6\.1\.0-18-amd64 · x86_64 · 4 CPUs · collector 0\.1\.0/)).toBeInTheDocument();
    expect(screen.getByTestId("host-node-link")).toHaveAttribute("href", "/nodes/c1/node-a");
    const time = await screen.findByTestId("host-live-time");
    expect(time).toHaveAttribute("datetime", FIRST);
    expect(screen.getByTestId("host-live-cpu-value")).toHaveTextContent("12.5%");
    expect(screen.getByTestId("host-live-memory")).toHaveTextContent("2.0 GiB / 8.0 GiB");
    expect(screen.getByTestId("host-live-disk-value")).toHaveTextContent("1.0 KiB/s");
    expect(screen.getByTestId("host-live-network")).toHaveTextContent("in · 512 B/s out · 1 interface");

    expect(await screen.findByTestId("host-chart-cpu-canvas")).toHaveTextContent("Average:4 Peak:4");
    expect(screen.getByTestId("host-chart-memory-canvas")).toHaveTextContent("Used:4 Peak:4 Total:4");
    expect(screen.getByTestId("host-chart-disk-canvas")).toHaveTextContent("Read:4 Written:4");
    expect(screen.getByTestId("host-chart-network-canvas")).toHaveTextContent("Received:4 Sent:4");
    expect(screen.getByTestId("host-range-1h")).toHaveAttribute("aria-pressed", "true");

    expect(within(screen.getByTestId("host-disks")).getByText("vda")).toBeInTheDocument();
    expect(within(screen.getByTestId("host-interfaces")).getByText("eth0")).toBeInTheDocument();
    const fs = within(screen.getByTestId("host-filesystems-row"));
    expect(fs.getByText("/dev/vda1")).toBeInTheDocument();
    expect(fs.getByText("30.0%")).toBeInTheDocument();
    expect(screen.getByTestId("host-tcp-card")).toHaveTextContent("Established12");
    expect(screen.getByTestId("host-psi-card")).toHaveTextContent("CPU · some1.5% · 1.0% · 0.5%");
    expect(screen.getByTestId("host-softnet-card")).toHaveTextContent("Not measured on this machine.");
    expect(screen.getByTestId("host-ntp-card")).toHaveTextContent("Offset1.200 ms");
    expect(screen.getByTestId("host-temperatures-card")).toHaveTextContent("coretemp · Package id 048.5 °C");
    expect(screen.getByTestId("host-system-card")).toHaveTextContent("Up for3d1h");

    sampled = SECOND;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    await waitFor(() => expect(screen.getByTestId("host-live-time")).toHaveAttribute("datetime", SECOND));

    await user.click(screen.getByTestId("host-range-6h"));
    await waitFor(() => expect(calls.some((call) => call.url.pathname.endsWith("/timeseries") && call.url.searchParams.get("range") === "6h")).toBe(true));
    expect(screen.getByTestId("location")).toHaveTextContent("/hosts/h1?range=6h");
  });

  it("explains a host that has sent nothing yet, and an unknown host", async () => {
    mockFetch({
      ...shell,
      "GET /api/v3/hosts/h2": () => json(hostItem("h2", "new-vps", { status: "pending", lastSampleAt: null })),
      "GET /api/v3/hosts/nope": () => apiError(404, "not_found", "no host with id 'nope'"),
    });
    const first = renderApp("/hosts/h2");
    expect(await screen.findByTestId("host-pending")).toHaveTextContent(/has sent no sample yet/);
    first.unmount();
    renderApp("/hosts/nope");
    expect(await screen.findByTestId("host-error")).toHaveTextContent("There is no host with id nope");
  });

  it("says so when the trends cannot be loaded, and when the range holds no sample", async () => {
    mockFetch({
      ...shell,
      "GET /api/v3/hosts/h1": () => json(hostItem("h1", "vps-1")),
      "GET /api/v3/hosts/h1/breakdown": () => json(breakdown(FIRST)),
      "GET /api/v3/hosts/h1/timeseries": (call) =>
        call.url.searchParams.get("range") === "7d" ? json(timeseries(0)) : apiError(400, "bad_request", "interval too small"),
    });
    const user = userEvent.setup();
    renderApp("/hosts/h1");
    expect(await screen.findByTestId("host-trends-error")).toHaveTextContent("interval too small");
    await user.click(screen.getByTestId("host-range-7d"));
    expect(await screen.findByTestId("host-trends-empty")).toHaveTextContent("No samples in this time range.");
  });
});
