import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADMIN, OPERATOR, VIEWER, page, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp } from "../../test/render";

function routes(me: { username: string; role: string }) {
  return { ...shellRoutes(me), "GET /api/v3/commands": () => json(page([])), "GET /api/v3/tokens": () => json({ items: [] }) };
}

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("SideNav", { timeout: 20_000 }, () => {
  it("hides the admin pages and the audit log from a viewer", async () => {
    mockFetch(routes(VIEWER));
    renderApp("/settings");
    expect(await screen.findByTestId("nav-overview")).toBeInTheDocument();
    expect(screen.getByTestId("nav-commands")).toBeInTheDocument();
    expect(screen.getByTestId("nav-settings")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-audit")).toBeNull();
    expect(screen.queryByTestId("nav-admin-users")).toBeNull();
    expect(screen.queryByTestId("nav-admin-clusters")).toBeNull();
    expect(screen.queryByText("Administration")).toBeNull();
  });

  it("also from an operator, since the audit log is for admins", async () => {
    mockFetch(routes(OPERATOR));
    renderApp("/settings");
    expect(await screen.findByTestId("nav-commands")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-audit")).toBeNull();
    expect(screen.queryByTestId("nav-admin-users")).toBeNull();
  });

  it("shows them to an admin", async () => {
    mockFetch(routes(ADMIN));
    renderApp("/settings");
    expect(await screen.findByTestId("nav-audit")).toHaveAttribute("href", "/audit");
    expect(screen.getByTestId("nav-admin-users")).toHaveAttribute("href", "/admin/users");
    expect(screen.getByTestId("nav-admin-clusters")).toHaveAttribute("href", "/admin/clusters");
  });

  it("answers a viewer who opens an admin page by URL with words, not a failing request", async () => {
    const calls = mockFetch(routes(VIEWER));
    renderApp("/admin/users");
    expect(await screen.findByTestId("forbidden")).toHaveTextContent("This page needs the admin role.");
    expect(calls.some((call) => call.url.pathname === "/api/v3/users")).toBe(false);
  });
});
