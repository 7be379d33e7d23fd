import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ADMIN, CLUSTERS, cluster, shellRoutes } from "../../test/consoleFixtures";
import { apiError, json, mockFetch, renderApp } from "../../test/render";

const TOKEN = "ahc_s3cr3t-token-value";

// Whole-app renders with typing are slow on a shared machine; the default 5 s is too tight.
describe("ClustersAdminPage", { timeout: 20_000 }, () => {
  it("registers a cluster and shows its token once, with a copy button and the install commands", async () => {
    let items = CLUSTERS.items;
    const calls = mockFetch({
      ...shellRoutes(ADMIN),
      "GET /api/v3/clusters": () => json({ items }),
      "POST /api/v3/clusters": () => {
        items = [...items, cluster("c9", "prod-eu", "pending")];
        return json({ id: "c9", name: "prod-eu", token: TOKEN }, 201);
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/clusters");

    expect(await screen.findAllByTestId("cluster-row")).toHaveLength(2);
    await user.click(screen.getByTestId("cluster-create"));
    const form = screen.getByRole("dialog", { name: "Register a cluster" });
    await user.type(within(form).getByLabelText("Name"), "prod-eu");
    await user.click(within(form).getByTestId("cluster-create-submit"));

    const dialog = await screen.findByRole("dialog", { name: "prod-eu is registered" });
    expect(within(dialog).getByTestId("cluster-token")).toHaveTextContent(TOKEN);
    expect(dialog).toHaveTextContent(/shown only once/);
    const install = within(dialog).getByTestId("install-command");
    expect(install).toHaveTextContent("kubectl apply -k deploy/agent/");
    expect(install).toHaveTextContent(`kubectl -n atlhyper create secret generic atlhyper-agent-token --from-literal=AGENT_TOKEN=${TOKEN}`);
    expect(install).toHaveTextContent(`"AGENT_MASTER_URL":"${window.location.origin}"`);
    expect(install).toHaveTextContent("kubectl -n atlhyper rollout restart deployment/atlhyper-agent");
    expect(within(dialog).getByTestId("workstation-command")).toHaveTextContent(`AGENT_TOKEN=${TOKEN} .venv/bin/atlhyper agent --master-url`);

    await user.click(within(dialog).getByTestId("cluster-token-copy"));
    // user-event stands in for the system clipboard.
    expect(await navigator.clipboard.readText()).toBe(TOKEN);
    expect(await within(dialog).findByText("Copied")).toBeInTheDocument();

    const post = calls.find((call) => call.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ name: "prod-eu" });

    // Once closed, the token is gone for good; the new cluster is listed.
    await user.click(within(dialog).getByTestId("cluster-token-done"));
    expect(screen.queryByText(TOKEN)).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("cluster-row")).toHaveLength(3));
  });

  it("rotates a token after a confirmation and shows the new one with the update commands", async () => {
    mockFetch({
      ...shellRoutes(ADMIN),
      "POST /api/v3/clusters/c1/token": () => json({ id: "c1", name: "prod", token: "ahc_new" }),
    });
    const user = userEvent.setup();
    renderApp("/admin/clusters");
    const rows = await screen.findAllByTestId("cluster-row");
    await user.click(within(rows[0]!).getByTestId("cluster-rotate"));
    expect(screen.getByRole("dialog", { name: "Rotate the token of prod?" })).toHaveTextContent(/old token stops working at once/);
    await user.click(screen.getByTestId("confirm"));
    const dialog = await screen.findByRole("dialog", { name: "New token for prod" });
    expect(within(dialog).getByTestId("cluster-token")).toHaveTextContent("ahc_new");
    expect(within(dialog).getByTestId("install-command")).not.toHaveTextContent("apply -k");
  });

  it("revokes a token after a confirmation, and shows a failure in words", async () => {
    const calls = mockFetch({
      ...shellRoutes(ADMIN),
      "DELETE /api/v3/clusters/c2/token": () => apiError(409, "conflict", "the token is already revoked"),
    });
    const user = userEvent.setup();
    renderApp("/admin/clusters");
    const rows = await screen.findAllByTestId("cluster-row");
    await user.click(within(rows[1]!).getByTestId("cluster-revoke"));
    await user.click(screen.getByTestId("confirm"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("the token is already revoked");
    expect(calls.filter((call) => call.method === "DELETE")).toHaveLength(1);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
