import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ADMIN, page, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp } from "../../test/render";

const ENTRY = {
  id: 7,
  at: new Date(Date.now() - 60_000).toISOString(),
  actor: "admin",
  action: "command.apply",
  target: "c1/ConfigMap/shop/settings",
  params: { commandId: "cmd-1", manifest: "kind: Secret\ndata:\n  password: '***'\n" },
  result: "submitted",
  detail: "",
  clientIp: "10.1.2.3",
};

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("AuditPage", { timeout: 20_000 }, () => {
  it("shows who did what from where, and filters on the server", async () => {
    const calls = mockFetch({ ...shellRoutes(ADMIN), "GET /api/v3/audit": () => json(page([ENTRY])) });
    const user = userEvent.setup();
    renderApp("/audit");

    const row = await screen.findByTestId("audit-row");
    expect(within(row).getByTestId("audit-actor")).toHaveTextContent("admin");
    expect(within(row).getByText("10.1.2.3")).toBeInTheDocument();
    expect(within(row).getByText("1m")).toHaveAttribute("title");
    await user.click(within(row).getByText("2 parameters"));
    expect(within(row).getByTestId("audit-params")).toHaveTextContent("password: '***'");

    await user.type(screen.getByTestId("audit-actor-filter"), "olga");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("actor=olga"));
    await user.selectOptions(screen.getByTestId("audit-result-filter"), "failed");
    await waitFor(() => {
      const last = calls.filter((call) => call.url.pathname === "/api/v3/audit").at(-1)!.url.searchParams;
      expect([last.get("actor"), last.get("result")]).toEqual(["olga", "failed"]);
    }, { timeout: 3_000 });
  });
});
