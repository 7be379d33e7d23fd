import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ADMIN, shellRoutes } from "../../test/consoleFixtures";
import { json, mockFetch, renderApp, type Call } from "../../test/render";

const USERS = {
  items: [
    { username: "admin", role: "admin", createdAt: "2025-06-01T00:00:00Z" },
    { username: "olga", role: "operator", createdAt: "2025-06-02T00:00:00Z" },
  ],
};

const mutations = (calls: Call[]) => calls.filter((call) => call.method !== "GET");

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("UsersPage", { timeout: 20_000 }, () => {
  it("creates a user with a role, changes a role, resets a password and deletes, but never the admin's own account", async () => {
    const calls = mockFetch({
      ...shellRoutes(ADMIN),
      "GET /api/v3/users": () => json(USERS),
      "POST /api/v3/users": () => json({ username: "vic", role: "viewer", createdAt: "2025-06-03T00:00:00Z" }, 201),
      "PATCH /api/v3/users/olga": () => json({ username: "olga", role: "viewer", createdAt: "2025-06-02T00:00:00Z" }),
      "DELETE /api/v3/users/olga": () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    renderApp("/admin/users");

    const rows = await screen.findAllByTestId("user-row");
    const own = within(rows[0]!);
    expect(own.getByText("(you)")).toBeInTheDocument();
    expect(own.getByTestId("user-role")).toBeDisabled();
    expect(own.getByTestId("user-delete")).toBeDisabled();
    expect(own.getByTestId("user-reset-password")).toBeDisabled();

    await user.selectOptions(within(rows[1]!).getByTestId("user-role"), "viewer");
    await waitFor(() => expect(mutations(calls)).toHaveLength(1));
    expect(JSON.parse(mutations(calls)[0]!.body)).toEqual({ role: "viewer" });

    await user.click(within(rows[1]!).getByTestId("user-reset-password"));
    let dialog = screen.getByRole("dialog", { name: "New password for olga" });
    await user.type(within(dialog).getByLabelText("New password"), "short");
    await user.type(within(dialog).getByLabelText("Repeat the new password"), "short");
    await user.click(within(dialog).getByTestId("user-reset-submit"));
    expect(within(dialog).getByTestId("form-error")).toHaveTextContent("The new password needs at least 8 characters.");
    await user.clear(within(dialog).getByLabelText("New password"));
    await user.clear(within(dialog).getByLabelText("Repeat the new password"));
    await user.type(within(dialog).getByLabelText("New password"), "long-enough-1");
    await user.type(within(dialog).getByLabelText("Repeat the new password"), "long-enough-1");
    await user.click(within(dialog).getByTestId("user-reset-submit"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(JSON.parse(mutations(calls)[1]!.body)).toEqual({ password: "long-enough-1" });

    await user.click(screen.getByTestId("user-create"));
    dialog = screen.getByRole("dialog", { name: "New user" });
    await user.type(within(dialog).getByLabelText("Username"), "vic");
    await user.selectOptions(within(dialog).getByLabelText("Role"), "operator");
    await user.type(within(dialog).getByLabelText("Password"), "vic-password-1");
    await user.type(within(dialog).getByLabelText("Repeat the new password"), "vic-password-1");
    await user.click(within(dialog).getByTestId("user-create-submit"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(JSON.parse(mutations(calls)[2]!.body)).toEqual({ username: "vic", password: "vic-password-1", role: "operator" });

    await user.click(within(rows[1]!).getByTestId("user-delete"));
    expect(screen.getByRole("dialog", { name: "Delete olga?" })).toBeInTheDocument();
    await user.click(screen.getByTestId("confirm"));
    await waitFor(() => expect(mutations(calls).at(-1)!.method).toBe("DELETE"));
    expect(mutations(calls).at(-1)!.url.pathname).toBe("/api/v3/users/olga");
  });
});
