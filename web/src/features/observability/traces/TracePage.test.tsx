import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ADMIN, CLUSTERS } from "../../../test/consoleFixtures";
import { apiError, json, mockFetch, renderApp } from "../../../test/render";
import { TRACE_ID, openedSpan, trace } from "../fixtures";

const shell = { "GET /api/v3/auth/me": () => json(ADMIN), "GET /api/v3/clusters": () => json(CLUSTERS) };

describe("TracePage", { timeout: 20_000 }, () => {
  it("draws the waterfall and opens a span's attributes, events with the stack trace, and logs", async () => {
    const spans = `GET /api/v3/clusters/c1/traces/${TRACE_ID}/spans`;
    mockFetch({
      ...shell,
      [`GET /api/v3/clusters/c1/traces/${TRACE_ID}`]: () => json(trace()),
      [`${spans}/a1`]: () => json(openedSpan()),
      [`${spans}/c3`]: () => json({ ...openedSpan(), spanId: "c3", attributes: {}, resource: {} }),
      [`${spans}/d4`]: () => apiError(502, "agent_failed", "ClickHouse: Code: 159. TIMEOUT_EXCEEDED"),
    });
    const user = userEvent.setup();
    renderApp(`/traces/c1/${TRACE_ID}`);

    const rows = await screen.findAllByTestId("waterfall-row");
    expect(rows.map((row) => row.dataset.spanId)).toEqual(["a1", "b2", "c3", "d4"]);
    expect(rows.map((row) => row.dataset.depth)).toEqual(["0", "1", "2", "1"]);
    const bar = within(rows[2]!).getByTestId("span-bar");
    expect(bar.style.left).toBe("10%");
    expect(bar.style.width).toBe("50%");
    expect(rows[2]).toHaveAttribute("data-error", "true");
    expect(within(rows[2]!).getByTestId("span-error")).toHaveAttribute("title", "card declined");
    expect(screen.getByTestId("trace-errors-value")).toHaveTextContent("1");
    expect(screen.getByTestId("trace-logs")).toHaveTextContent("charge failed: card declined");

    // Collapsing the client span hides the server span under it.
    await user.click(within(rows[1]!).getByTestId("span-toggle"));
    expect(screen.getAllByTestId("waterfall-row").map((row) => row.dataset.spanId)).toEqual(["a1", "b2", "d4"]);
    await user.click(within(screen.getAllByTestId("waterfall-row")[1]!).getByTestId("span-toggle"));

    await user.click(within(screen.getAllByTestId("waterfall-row")[2]!).getByTestId("span-select"));
    const panel = await screen.findByTestId("span-panel");
    expect(screen.getByTestId("location")).toHaveTextContent(`/traces/c1/${TRACE_ID}?span=c3`);
    expect(within(panel).getByTestId("span-panel-name")).toHaveTextContent("POST /charges");
    expect(panel).toHaveTextContent("card declined");
    // A span with events opens on them; the exception shows its type and stack trace.
    expect(within(panel).getByTestId("span-event")).toHaveTextContent("CardDeclined");
    expect(within(panel).getByTestId("span-stacktrace")).toHaveTextContent('File "charge.py", line 12');
    await user.click(within(panel).getByTestId("tab-logs"));
    const spanLogs = within(panel).getByTestId("span-logs");
    expect(within(spanLogs).getAllByTestId("log-row")).toHaveLength(1);
    expect(spanLogs).toHaveTextContent("charge failed: card declined");

    await user.click(within(screen.getAllByTestId("waterfall-row")[0]!).getByTestId("span-select"));
    await user.click(within(screen.getByTestId("span-panel")).getByTestId("tab-attributes"));
    expect(within(await screen.findByTestId("span-attributes")).getByText("http.route")).toBeInTheDocument();
    await user.click(within(screen.getByTestId("span-panel")).getByTestId("tab-resource"));
    expect(within(screen.getByTestId("span-resource")).getByText("web-1")).toBeInTheDocument();
    // The maps are read when a span is opened; a failed read says why in the panel.
    await user.click(within(screen.getAllByTestId("waterfall-row")[3]!).getByTestId("span-select"));
    await user.click(within(screen.getByTestId("span-panel")).getByTestId("tab-attributes"));
    expect(await screen.findByTestId("span-maps-error", {}, { timeout: 5_000 })).toHaveTextContent("TIMEOUT_EXCEEDED");
    await user.click(screen.getByTestId("span-panel-close"));
    expect(screen.queryByTestId("span-panel")).toBeNull();
  });

  it("says when the trace is not there, and shows other failures in the page", async () => {
    mockFetch({
      ...shell,
      [`GET /api/v3/clusters/c1/traces/${TRACE_ID}`]: () => apiError(404, "not_found", "no trace"),
      "GET /api/v3/clusters/c1/traces/0123456789abcdef": () => apiError(502, "agent_failed", "ClickHouse: Code: 241. Memory limit exceeded"),
    });
    const first = renderApp(`/traces/c1/${TRACE_ID}`);
    expect(await screen.findByTestId("trace-not-found")).toHaveTextContent(TRACE_ID);
    first.unmount();
    renderApp("/traces/c1/0123456789abcdef");
    expect(await screen.findByTestId("obs-error", {}, { timeout: 5_000 })).toHaveTextContent("ClickHouse: Code: 241. Memory limit exceeded");
  });
});
