import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { OPERATOR, shellRoutes } from "../../test/consoleFixtures";
import { apiError, json, mockFetch, renderApp, type Call } from "../../test/render";

const TOKEN_VIEW = {
  id: "t1",
  name: "ci",
  username: "olga",
  role: "operator",
  createdAt: "2025-06-01T00:00:00Z",
  expiresAt: null,
  lastUsedAt: null,
};

async function fill(user: ReturnType<typeof userEvent.setup>, current: string, next: string, confirm: string) {
  const form = screen.getByTestId("password-form");
  for (const [label, value] of [
    ["Current password", current],
    ["New password", next],
    ["Repeat the new password", confirm],
  ] as const) {
    const input = within(form).getByLabelText(label);
    await user.clear(input);
    if (value) await user.type(input, value);
  }
  await user.click(within(form).getByTestId("password-submit"));
}

const passwordCalls = (calls: Call[]) => calls.filter((call) => call.url.pathname === "/api/v3/auth/password");

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("SettingsPage", { timeout: 20_000 }, () => {
  it("explains every way a password change can fail, in words, and confirms success", async () => {
    let answer = () => apiError(403, "forbidden", "the current password is wrong");
    const calls = mockFetch({
      ...shellRoutes(OPERATOR),
      "GET /api/v3/tokens": () => json({ items: [] }),
      "POST /api/v3/auth/password": () => answer(),
    });
    const user = userEvent.setup();
    renderApp("/settings");
    await screen.findByTestId("password-form");

    await fill(user, "", "new-password-1", "new-password-1");
    expect(screen.getByTestId("form-error")).toHaveTextContent("Enter your current password.");
    await fill(user, "old-password", "short", "short");
    expect(screen.getByTestId("form-error")).toHaveTextContent("The new password needs at least 8 characters.");
    await fill(user, "old-password", "new-password-1", "new-password-2");
    expect(screen.getByTestId("form-error")).toHaveTextContent("The two new passwords do not match.");
    expect(passwordCalls(calls)).toHaveLength(0);

    await fill(user, "wrong-password", "new-password-1", "new-password-1");
    expect(await screen.findByTestId("form-error")).toHaveTextContent("The current password is wrong.");
    expect(JSON.parse(passwordCalls(calls)[0]!.body)).toEqual({ currentPassword: "wrong-password", newPassword: "new-password-1" });
    // A 403 here is a wrong password, not the end of the session.
    expect(screen.getByTestId("location")).toHaveTextContent("/settings");

    answer = () => new Response(null, { status: 204 });
    await fill(user, "old-password", "new-password-1", "new-password-1");
    expect(await screen.findByTestId("password-changed")).toHaveTextContent("Your password has been changed.");
    expect(screen.queryByTestId("form-error")).toBeNull();
  });

  it("creates an API token and shows it once, lists and deletes tokens", async () => {
    let items = [TOKEN_VIEW];
    const calls = mockFetch({
      ...shellRoutes(OPERATOR),
      "GET /api/v3/tokens": () => json({ items }),
      "POST /api/v3/tokens": () => {
        items = [...items, { ...TOKEN_VIEW, id: "t2", name: "backup", role: "viewer" }];
        return json({ token: "aht_once", info: items[1] }, 201);
      },
      "DELETE /api/v3/tokens/t1": () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    renderApp("/settings");

    expect(await screen.findByTestId("token-name")).toHaveTextContent("ci");
    await user.click(screen.getByTestId("token-create"));
    const form = screen.getByRole("dialog", { name: "New token" });
    await user.type(within(form).getByLabelText("Name"), "backup");
    // An operator can issue operator or viewer tokens, never admin ones.
    const roles = within(within(form).getByLabelText("Role")).getAllByRole("option").map((option) => option.textContent);
    expect(roles).toEqual(["Same as mine", "viewer", "operator"]);
    await user.selectOptions(within(form).getByLabelText("Role"), "viewer");
    await user.click(within(form).getByTestId("token-create-submit"));

    const shown = await screen.findByRole("dialog", { name: "Your new API token" });
    expect(within(shown).getByTestId("api-token")).toHaveTextContent("aht_once");
    expect(within(shown).getByTestId("api-token-copy")).toBeInTheDocument();
    const body = JSON.parse(calls.find((call) => call.method === "POST")!.body);
    expect(body).toEqual({ name: "backup", role: "viewer", expiresInDays: 90 });
    await user.click(within(shown).getByTestId("token-created-done"));
    expect(screen.queryByText("aht_once")).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("token-row")).toHaveLength(2));

    await user.click(within(screen.getAllByTestId("token-row")[0]!).getByTestId("token-delete"));
    await user.click(screen.getByTestId("confirm"));
    await waitFor(() => expect(calls.some((call) => call.method === "DELETE" && call.url.pathname === "/api/v3/tokens/t1")).toBe(true));
  });

  it("switches language and theme", async () => {
    mockFetch({ ...shellRoutes(OPERATOR), "GET /api/v3/tokens": () => json({ items: [] }) });
    const user = userEvent.setup();
    renderApp("/settings");
    await user.click(await screen.findByTestId("settings-theme-dark"));
    expect(document.documentElement).toHaveClass("dark");
    expect(screen.getByTestId("theme-toggle")).toHaveAccessibleName("Switch to light theme");
    await user.click(screen.getByTestId("settings-language-zh-CN"));
    expect(await screen.findByRole("heading", { name: "设置", level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId("language-switch")).toHaveValue("zh-CN");
    await user.click(screen.getByTestId("settings-theme-light"));
    expect(document.documentElement).not.toHaveClass("dark");
  });
});
