import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ADMIN, VIEWER, page, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp, type Call } from "../../test/render";
import { SEARCH_KINDS } from "./useGlobalSearch";

function row(name: string, namespace?: string) {
  return { cluster: "c1", clusterName: "prod", uid: `uid-${name}`, name, ...(namespace === undefined ? {} : { namespace }) };
}

function routes(me = ADMIN) {
  const empty = Object.fromEntries(SEARCH_KINDS.map((kind) => [`GET /api/v3/clusters/*/${kind}`, () => json(page([], 0, 5))]));
  return {
    ...shellRoutes(me),
    ...empty,
    "GET /api/v3/commands": () => json(page([])),
    "GET /api/v3/clusters/*/overview": () => json({ error: { code: "x", message: "not needed", details: null } }, 400),
    "GET /api/v3/clusters/*/pods": ({ url }: Call) =>
      json(page(url.searchParams.get("q") === "web" ? [row("web-1", "shop"), row("web-2", "shop")] : [], 2, 5)),
    "GET /api/v3/clusters/*/nodes": ({ url }: Call) => json(page(url.searchParams.get("q") === "web" ? [row("web-node")] : [], 1, 5)),
  };
}

const searches = (calls: Call[]) => calls.filter((call) => call.url.searchParams.has("q"));

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("CommandPalette", { timeout: 20_000 }, () => {
  it("opens with Ctrl-K, searches every cluster once typing pauses, and opens the chosen object with Enter", async () => {
    const calls = mockFetch(routes());
    const user = userEvent.setup();
    renderApp("/commands");
    await screen.findByTestId("search-button");

    await user.keyboard("{Control>}k{/Control}");
    const dialog = screen.getByRole("dialog", { name: "Search" });
    const input = within(dialog).getByRole("combobox");
    expect(input).toHaveFocus();
    // Pages are offered before anything is typed.
    expect(within(dialog).getByRole("option", { name: /Overview/ })).toBeInTheDocument();

    await user.type(input, "web");
    const groups = await within(dialog).findAllByTestId("palette-group");
    await waitFor(() => expect(within(dialog).getAllByRole("option").map((option) => option.textContent)).toEqual(["web-1prod · shop", "web-2prod · shop", "web-nodeprod"]));
    expect(groups.map((group) => group.getAttribute("aria-label"))).toContain("Pods");
    expect(within(dialog).getByRole("group", { name: "Nodes" })).toBeInTheDocument();

    // One request per kind, for the settled text only, across all clusters, a few rows each.
    const sent = searches(calls);
    expect(sent.map((call) => call.url.searchParams.get("q"))).toEqual(SEARCH_KINDS.map(() => "web"));
    expect(sent.every((call) => call.url.pathname.startsWith("/api/v3/clusters/*/") && call.url.searchParams.get("limit") === "5")).toBe(true);

    const options = within(dialog).getAllByRole("option");
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}");
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    expect(input).toHaveAttribute("aria-activedescendant", options[1]!.id);
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(options[2]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");

    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByTestId("location")).toHaveTextContent("/pods/c1/shop/web-2");
  });

  it("opens from the header button, finds pages by name and closes with Escape", async () => {
    mockFetch(routes());
    const user = userEvent.setup();
    renderApp("/commands");
    await user.click(await screen.findByTestId("search-button"));
    const input = screen.getByTestId("palette-input");
    await user.type(input, "audit");
    expect(screen.getByRole("option", { name: /Audit log/ })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();

    await user.click(screen.getByTestId("search-button"));
    await user.type(screen.getByTestId("palette-input"), "settings{Enter}");
    expect(screen.getByTestId("location")).toHaveTextContent("/settings");
  });

  it("does not offer a viewer the admin pages", async () => {
    mockFetch(routes(VIEWER));
    const user = userEvent.setup();
    renderApp("/commands");
    await user.click(await screen.findByTestId("search-button"));
    await user.type(screen.getByTestId("palette-input"), "audit");
    expect(screen.queryByRole("option", { name: /Audit log/ })).toBeNull();
    await waitFor(() => expect(screen.getByTestId("palette-empty")).toHaveTextContent("Nothing matches “audit”."));
  });

  it("aborts the requests for text the user has typed past", async () => {
    const answer = routes();
    const slow: Request[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.searchParams.get("q") === "we") {
          slow.push(request);
          // Never answers: only an abort ends it.
          return new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
        }
        const handler = answer[`${request.method} ${decodeURIComponent(url.pathname)}` as keyof typeof answer];
        return handler ? (handler as (call: Call) => Response)({ method: request.method, url, headers: request.headers, body: "" }) : json({}, 404);
      }),
    );
    const user = userEvent.setup();
    renderApp("/commands");
    await user.click(await screen.findByTestId("search-button"));
    await user.type(screen.getByTestId("palette-input"), "we");
    await waitFor(() => expect(slow).toHaveLength(SEARCH_KINDS.length));
    expect(screen.getByTestId("palette-searching")).toBeInTheDocument();
    await user.type(screen.getByTestId("palette-input"), "b");
    await waitFor(() => expect(slow.every((request) => request.signal.aborted)).toBe(true));
    expect(await screen.findByRole("option", { name: /web-1/ })).toBeInTheDocument();
  });
});
