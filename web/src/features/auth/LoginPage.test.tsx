import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError, json, mockFetch, renderApp } from "../../test/render";

const NO_SESSION = () => apiError(401, "unauthorized", "no session");

async function submit(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Username"), username);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("LoginPage", () => {
  it("shows a message on 401 and stays on the login page", async () => {
    const calls = mockFetch({
      "GET /api/v3/auth/me": NO_SESSION,
      "POST /api/v3/auth/login": () => apiError(401, "unauthorized", "wrong username or password"),
    });
    renderApp("/login");
    await submit("admin", "nope");

    expect(await screen.findByTestId("login-error")).toHaveTextContent("Wrong username or password.");
    expect(screen.getByTestId("location")).toHaveTextContent("/login");
    const login = calls.find((call) => call.method === "POST")!;
    expect(login.headers.get("Content-Type")).toBe("application/json");
    expect(JSON.parse(login.body)).toEqual({ username: "admin", password: "nope" });
  });

  it("explains rate limiting on 429", async () => {
    mockFetch({
      "GET /api/v3/auth/me": NO_SESSION,
      "POST /api/v3/auth/login": () => apiError(429, "too_many_requests", "slow down"),
    });
    renderApp("/login");
    await submit("admin", "again");
    expect(await screen.findByTestId("login-error")).toHaveTextContent(/Too many sign-in attempts/);
  });

  it("shows the error in Chinese when the UI is in Chinese", async () => {
    mockFetch({
      "GET /api/v3/auth/me": NO_SESSION,
      "POST /api/v3/auth/login": () => apiError(401, "unauthorized", "wrong username or password"),
    });
    renderApp("/login", "zh-CN");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("用户名"), "admin");
    await user.type(screen.getByLabelText("密码"), "nope");
    await user.click(screen.getByRole("button", { name: "登录" }));
    expect(await screen.findByTestId("login-error")).toHaveTextContent("用户名或密码错误。");
  });

  it("goes to the overview after a successful login", async () => {
    mockFetch({
      "GET /api/v3/auth/me": NO_SESSION,
      "POST /api/v3/auth/login": () => json({ username: "admin", role: "admin" }),
      "GET /api/v3/clusters": () => json({ items: [] }),
      "GET /api/v3/commands": () => json({ items: [], total: 0, limit: 5, offset: 0 }),
      "GET /api/v3/clusters/*/overview": () =>
        json({
          clusters: 0,
          clustersWithData: 0,
          nodes: { total: 0, ready: 0, notReady: 0, cordoned: 0 },
          pods: { total: 0, byStatus: {}, problems: 0, restarts: 0 },
          workloads: {},
          capacity: {
            cpuAllocatableMillicores: 0,
            memoryAllocatableBytes: 0,
            cpuRequestsMillicores: 0,
            memoryRequestsBytes: 0,
            cpuUsageMillicores: null,
            memoryUsageBytes: null,
          },
          warningEvents: [],
        }),
    });
    renderApp("/login");
    await submit("admin", "right-password");
    expect(await screen.findByRole("heading", { name: "Overview", level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/overview");
    expect(screen.getByTestId("user-menu")).toHaveTextContent("admin");
  });
});
