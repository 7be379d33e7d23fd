import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ADMIN, CLUSTERS } from "../../../test/consoleFixtures";
import { json, mockFetch, renderApp } from "../../../test/render";
import { OTEL_OK, RANGE, TRACE_ID, apm } from "../fixtures";
import { TONE_COLOUR } from "../shared/tones";

// The graph stand-in lists what it would draw and clicks the first service like a reader would.
vi.mock("../shared/charts/TopologyGraph", () => ({
  default: ({ nodes, links, onNodeClick, testId }: { nodes: { id: string; colour: string; kind: string }[]; links: { source: string; width: number; colour: string }[]; onNodeClick: (id: string) => void; testId: string }) => (
    <div data-testid={testId}>
      <span data-testid="graph-nodes">{nodes.map((n) => `${n.id}:${n.kind}:${n.colour}`).join(" ")}</span>
      <span data-testid="graph-links">{links.map((l) => `${l.source}:${l.width}:${l.colour}`).join(" ")}</span>
      <button type="button" data-testid="graph-click" onClick={() => onNodeClick("payments-api")}>
        click
      </button>
    </div>
  ),
}));
vi.mock("../../../ui/TimeSeriesChart", () => ({
  default: ({ series, testId }: { series: { name: string; points: unknown[] }[]; testId: string }) => <div data-testid={testId}>{series.map((s) => `${s.name}:${s.points.length}`).join(" ")}</div>,
}));

const shell = { "GET /api/v3/auth/me": () => json(ADMIN), "GET /api/v3/clusters": () => json(CLUSTERS) };

function serviceDetail() {
  const row = { traceId: TRACE_ID, spanId: "c3", service: "payments-api", operation: "POST /charges", start: "2025-06-01T10:00:00Z", durationMs: 900, error: true, httpStatus: "500", root: false };
  return {
    otel: OTEL_OK,
    range: RANGE,
    service: apm().services[1],
    stepSeconds: 60,
    series: [
      { time: 1748772000, requests: 60, errors: 6, p50Ms: 40, p99Ms: 900 },
      { time: 1748772060, requests: 30, errors: 0, p50Ms: 35, p99Ms: 500 },
    ],
    operations: [{ name: "POST /charges", requests: 90, rate: 0.2, errors: 6, errorRate: 0.066, p50Ms: 40, p99Ms: 900 }],
    slowTraces: [row],
    errorTraces: [row],
    upstream: apm().edges,
    downstream: [{ source: "payments-api", target: "postgres", kind: "db", requests: 90, rate: 0.2, errors: 0, errorRate: 0, p50Ms: 3, p99Ms: 9 }],
  };
}

describe("APM pages", { timeout: 20_000 }, () => {
  it("draws the service map by health and rate, lists the services, and opens a service from the map", async () => {
    const stale = { ...OTEL_OK, status: "stale" as const, ageSeconds: 420, error: "ClickHouse: connection refused" };
    const calls = mockFetch({
      ...shell,
      "GET /api/v3/clusters/c1/apm": () => json(apm({ otel: stale })),
      "GET /api/v3/clusters/c1/apm/services/payments-api": () => json(serviceDetail()),
    });
    const user = userEvent.setup();
    renderApp("/apm?cluster=c1");

    const banner = await screen.findByTestId("otel-banner");
    expect(banner).toHaveAttribute("data-status", "stale");
    expect(banner).toHaveTextContent("last refreshed 7m ago");
    expect(banner).toHaveTextContent("ClickHouse: connection refused");

    expect(await screen.findByTestId("graph-nodes")).toHaveTextContent(`web:service:${TONE_COLOUR.good} payments-api:service:${TONE_COLOUR.bad} db:postgres:db:${TONE_COLOUR.good}`);
    // Both links carry the busiest rate, so both are drawn at full width.
    expect(screen.getByTestId("graph-links")).toHaveTextContent(`web:8:${TONE_COLOUR.bad} payments-api:8:${TONE_COLOUR.good}`);
    const rows = screen.getAllByTestId("apm-service-row");
    expect(rows[1]).toHaveTextContent("payments-api");
    expect(rows[1]).toHaveTextContent("10.0%");
    expect(rows[1]).toHaveTextContent("900 ms");
    expect(within(rows[1]!).getByTestId("status-badge")).toHaveTextContent("critical");

    // Sorting by error rate, worst first.
    await user.click(screen.getByTestId("sort-errorRate"));
    await user.click(screen.getByTestId("sort-errorRate"));
    expect(screen.getAllByTestId("apm-service-row")[0]).toHaveTextContent("payments-api");

    await user.click(screen.getByTestId("graph-click"));
    expect(await screen.findByTestId("service-name")).toHaveTextContent("payments-api");
    expect(screen.getByTestId("location")).toHaveTextContent("/apm/c1/payments-api");
    expect(await screen.findByTestId("service-chart-rate-canvas")).toHaveTextContent("Requests:2");
    expect(screen.getByTestId("service-chart-latency-canvas")).toHaveTextContent("p50:2 p99:2");
    expect(within(screen.getByTestId("service-operations")).getByTestId("operation-link")).toHaveAttribute("href", "/traces?cluster=c1&service=payments-api&operation=POST+%2Fcharges&range=1h");
    expect(within(screen.getByTestId("service-error-traces")).getByTestId("trace-link")).toHaveAttribute("href", `/traces/c1/${TRACE_ID}?span=c3`);
    expect(screen.getByTestId("service-upstream-table")).toHaveTextContent("web");
    expect(screen.getByTestId("service-downstream-table")).toHaveTextContent("postgres (database)");

    await user.click(screen.getByTestId("obs-range-24h"));
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get("range")).toBe("24h"));
  });

  it("asks for a cluster when all clusters are chosen in the header", async () => {
    mockFetch({ ...shell, "GET /api/v3/clusters/c2/apm": () => json(apm()) });
    const user = userEvent.setup();
    renderApp("/apm");
    const choices = await screen.findAllByTestId("obs-cluster-choice");
    expect(choices.map((c) => c.textContent)).toEqual(["prod", "staging"]);
    await user.click(choices[1]!);
    expect(await screen.findAllByTestId("apm-service-row")).toHaveLength(2);
    expect(screen.getByTestId("cluster-switcher")).toHaveValue("c2");
  });
});
