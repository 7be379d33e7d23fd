import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch, type Call } from "../../test/render";
import { commandBody, commandPosts, finished, renderWithApi } from "../ops/testing";
import { PodLogs } from "./PodLogs";

const LINES = [
  '2025-06-01T12:00:01.000000000Z 10.0.0.1 - - "GET /api HTTP/1.1" 200',
  '2025-06-01T12:00:02.000000000Z 10.0.0.2 - - "POST /cart HTTP/1.1" 500',
  '2025-06-01T12:00:03.000000000Z 10.0.0.3 - - "GET /healthz HTTP/1.1" 200 kube-probe get',
];

function logsRoute(lines: (call: Call) => string[] = () => LINES) {
  return (call: Call) => finished(commandBody(call), "success", { pod: "web-1", lines: lines(call), truncated: false });
}

function renderLogs(containers = ["web", "sidecar"]) {
  return renderWithApi(<PodLogs cluster="c1" namespace="shop" pod="web-1" containers={containers} />);
}

// jsdom lays nothing out; give the log's scroll box a height so the virtual list renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, "clientHeight")!;
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === "log-view" ? 600 : 0;
    },
  });
});

afterEach(() => {
  Object.defineProperty(Element.prototype, "clientHeight", clientHeight);
  vi.restoreAllMocks();
});

describe("PodLogs", () => {
  it("loads the tail of the first container through get_logs", async () => {
    const calls = mockFetch({ "POST /api/v3/commands": logsRoute() });
    renderLogs();
    expect(screen.getByTestId("log-loading")).toHaveTextContent("Loading the log…");
    expect(await screen.findAllByTestId("log-line")).toHaveLength(3);
    expect(screen.getByTestId("log-line-count")).toHaveTextContent("3 lines");
    expect(screen.getAllByTestId("log-line")[0]).toHaveTextContent('10.0.0.1 - - "GET /api HTTP/1.1" 200');
    expect(commandPosts(calls)).toEqual([
      expect.objectContaining({
        action: "get_logs",
        target: { kind: "Pod", namespace: "shop", name: "web-1" },
        params: { container: "web", previous: false, timestamps: true, tailLines: 500 },
      }),
    ]);
  });

  it("highlights search matches, counts them and steps through them", async () => {
    mockFetch({ "POST /api/v3/commands": logsRoute() });
    const user = userEvent.setup();
    renderLogs();
    await screen.findAllByTestId("log-line");
    await user.type(screen.getByLabelText("Search the log"), "get");
    expect(await screen.findByTestId("log-match-count")).toHaveTextContent("3 matches");
    const marks = screen.getAllByTestId("log-match");
    expect(marks.map((mark) => mark.textContent)).toEqual(["GET", "GET", "get"]);
    expect(marks[0]).toHaveAttribute("data-current", "true");
    expect(screen.getByTestId("log-match-position")).toHaveTextContent("1 of 3");

    await user.click(screen.getByRole("button", { name: "Next match" }));
    expect(screen.getByTestId("log-match-position")).toHaveTextContent("2 of 3");
    expect(screen.getAllByTestId("log-match")[1]).toHaveAttribute("data-current", "true");
    await user.click(screen.getByRole("button", { name: "Previous match" }));
    await user.click(screen.getByRole("button", { name: "Previous match" }));
    expect(screen.getByTestId("log-match-position")).toHaveTextContent("3 of 3");

    await user.clear(screen.getByLabelText("Search the log"));
    await user.type(screen.getByLabelText("Search the log"), "zzz");
    expect(await screen.findByTestId("log-match-count")).toHaveTextContent("No matches");
    expect(screen.queryAllByTestId("log-match")).toHaveLength(0);
  });

  it("downloads the lines as a .log file", async () => {
    mockFetch({ "POST /api/v3/commands": logsRoute() });
    const blobs: Blob[] = [];
    const create = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:logs";
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const user = userEvent.setup();
    renderLogs();
    await screen.findAllByTestId("log-line");
    await user.click(screen.getByRole("button", { name: "Download" }));

    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe("shop_web-1_web.log");
    expect(clicked[0]!.href).toBe("blob:logs");
    expect(await blobs[0]!.text()).toBe(
      '10.0.0.1 - - "GET /api HTTP/1.1" 200\n10.0.0.2 - - "POST /cart HTTP/1.1" 500\n10.0.0.3 - - "GET /healthz HTTP/1.1" 200 kube-probe get\n',
    );
  });

  it("asks for the previous container's log when the toggle is on", async () => {
    const calls = mockFetch({ "POST /api/v3/commands": logsRoute() });
    const user = userEvent.setup();
    renderLogs();
    await screen.findAllByTestId("log-line");
    await user.selectOptions(screen.getByLabelText("Container"), "sidecar");
    await user.click(screen.getByLabelText("Previous container"));
    await waitFor(() => expect(commandPosts(calls)).toHaveLength(3));
    expect(commandPosts(calls)[2]?.params).toEqual({ container: "sidecar", previous: true, timestamps: true, tailLines: 500 });
    expect(screen.getByLabelText("Follow")).toBeDisabled();
    expect(await screen.findAllByTestId("log-line")).toHaveLength(3);

    await user.selectOptions(screen.getByLabelText("Lines"), "5000");
    await waitFor(() => expect(commandPosts(calls).at(-1)?.params).toEqual(expect.objectContaining({ tailLines: 5000, previous: true })));
  });

  it("follows: asks only for recent lines and appends the new ones", async () => {
    let round = 0;
    const calls = mockFetch({
      "POST /api/v3/commands": logsRoute(() => {
        round += 1;
        return round === 1 ? LINES : [LINES[2]!, "2025-06-01T12:00:04.000000000Z a new line"];
      }),
    });
    const user = userEvent.setup();
    renderLogs(["web"]);
    await screen.findAllByTestId("log-line");
    await user.click(screen.getByLabelText("Follow"));
    await waitFor(() => expect(screen.getAllByTestId("log-line")).toHaveLength(4), { timeout: 5_000 });
    expect(screen.getAllByTestId("log-line")[3]).toHaveTextContent("a new line");
    const follow = commandPosts(calls)[1]!.params as Record<string, unknown>;
    expect(follow).toEqual(expect.objectContaining({ container: "web", previous: false, timestamps: true }));
    expect(follow.sinceSeconds).toBeGreaterThan(30);
  });

  it("says why a log cannot be shown, and when it is empty", async () => {
    mockFetch({
      "POST /api/v3/commands": (call) =>
        finished(commandBody(call), "failed", null, 'previous terminated container "web" in pod "web-1" not found'),
    });
    const { unmount } = renderLogs();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      'The log could not be loaded: previous terminated container "web" in pod "web-1" not found',
    );
    unmount();

    mockFetch({ "POST /api/v3/commands": logsRoute(() => []) });
    renderLogs();
    expect(await screen.findByTestId("log-empty")).toHaveTextContent("This container has written no log lines yet.");
    expect(screen.getByRole("button", { name: "Download" })).toBeDisabled();
  });
});
