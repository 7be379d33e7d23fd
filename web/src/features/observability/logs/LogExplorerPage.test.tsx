import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ADMIN, CLUSTERS } from "../../../test/consoleFixtures";
import { apiError, json, mockFetch, renderApp } from "../../../test/render";
import { TRACE_ID, logs } from "../fixtures";

// ECharts needs a canvas, which jsdom has not: the stand-in shows the bars it was given and
// selects buckets 1–2 as a brush across them would.
vi.mock("../shared/charts/HistogramChart", () => ({
  default: ({ stacks, categories, onSelect, testId }: { stacks: { name: string; values: number[] }[]; categories: string[]; onSelect: (a: number, b: number) => void; testId: string }) => (
    <div data-testid={testId}>
      {categories.length} buckets {stacks.map((s) => `${s.name}:${s.values.join(",")}`).join(" ")}
      <button type="button" data-testid="fake-brush" onClick={() => onSelect(1, 2)}>
        brush
      </button>
    </div>
  ),
}));

const shell = { "GET /api/v3/auth/me": () => json(ADMIN), "GET /api/v3/clusters": () => json(CLUSTERS) };

describe("LogExplorerPage", { timeout: 20_000 }, () => {
  it("searches, marks the matches, filters by facets, zooms with the histogram and links to traces", async () => {
    const calls = mockFetch({ ...shell, "GET /api/v3/clusters/c1/logs": () => json(logs()) });
    const user = userEvent.setup();
    renderApp("/log-explorer?cluster=c1&range=6h");

    await user.type(await screen.findByTestId("log-search"), "Timeout");
    await user.click(screen.getByTestId("log-search-submit"));
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get("q")).toBe("Timeout"));
    const query = calls.at(-1)!.url.searchParams;
    expect(query.get("range")).toBe("6h");
    const first = (await screen.findAllByTestId("log-row"))[0]!;
    expect(within(first).getAllByTestId("log-match").map((m) => m.textContent)).toEqual(["timeout"]);
    expect(first).toHaveAttribute("data-severity", "ERROR");
    expect(screen.getByTestId("log-total")).toHaveTextContent("2 records");
    expect(screen.getByTestId("log-histogram-chart")).toHaveTextContent("3 buckets Other records:9,12,5 Errors:1,0,3");

    // Facets filter: services may be several, namespace one.
    await user.click(within(screen.getByTestId("facet-service")).getByText("web"));
    await user.click(within(screen.getByTestId("facet-service")).getByText("payments-api"));
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.getAll("service")).toEqual(["web", "payments-api"]));
    expect(within(screen.getByTestId("facet-service")).getByText("web").closest("button")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("log-filters")).toHaveTextContent("Service: web");

    // A brush across buckets 1–2 zooms to their span: start of the second to the end of the third.
    await user.click(screen.getByTestId("fake-brush"));
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get("start")).toBe(new Date(1748772060_000).toISOString()));
    expect(calls.at(-1)?.url.searchParams.get("end")).toBe(new Date(1748772180_000).toISOString());
    expect(calls.at(-1)?.url.searchParams.get("range")).toBeNull();
    expect(screen.getByTestId("obs-custom-window")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("start=");

    // A row expands to its attributes and the link to its trace.
    await user.click(within(screen.getAllByTestId("log-row")[0]!).getByTestId("log-row-toggle"));
    expect(within(screen.getByTestId("log-attributes")).getByText("code.function")).toBeInTheDocument();
    expect(screen.getByTestId("log-trace-link")).toHaveAttribute("href", `/traces/c1/${TRACE_ID}?span=a1`);

    await user.click(screen.getByTestId("obs-custom-clear"));
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get("range")).toBe("6h"));
    expect(screen.queryByTestId("obs-custom-window")).toBeNull();
  });

  it("says when the cluster's Agent has no ClickHouse", async () => {
    mockFetch({ ...shell, "GET /api/v3/clusters/c1/logs": () => apiError(409, "conflict", "cluster 'prod' has no ClickHouse configured (AGENT_CLICKHOUSE_ENDPOINT)") });
    renderApp("/log-explorer?cluster=c1");
    const banner = await screen.findByTestId("otel-banner");
    expect(banner).toHaveAttribute("data-status", "disabled");
    expect(banner).toHaveTextContent("AGENT_CLICKHOUSE_ENDPOINT");
  });
});
