import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, login, screenshotPath } from "./helpers";

/**
 * The console pages against the demo stack (sim, Agent, Master): overview, fleet, events,
 * commands, audit, administration, settings and the Ctrl-K search.
 */

// The Agent's first snapshot, an archive flush or a command's result takes a few seconds.
const SETTLED = { timeout: 30_000 };

interface Cluster {
  id: string;
  name: string;
}

async function demoCluster(request: APIRequestContext): Promise<Cluster> {
  const answer = await request.get("/api/v3/clusters");
  expect(answer.ok()).toBe(true);
  const body = (await answer.json()) as { items: Cluster[] };
  const demo = body.items.find((cluster) => cluster.name === "demo");
  if (!demo) throw new Error("the demo cluster is not registered");
  return demo;
}

async function logout(page: Page): Promise<void> {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login$/);
}

test("the overview shows the fleet's health, capacity and problems, and one cluster's when chosen", async ({ page }) => {
  await login(page);
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByTestId("stat-nodes-value")).toHaveText(/^[1-9]\d* \/ [1-9]\d*$/, SETTLED);
  await expect(page.getByTestId("stat-pods-value")).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByRole("meter", { name: "CPU Requested" })).toHaveAttribute("aria-valuenow", /^\d+(\.\d)?$/);
  await expect(page.getByRole("meter", { name: "Memory Requested" })).toHaveAttribute("aria-valuenow", /^\d+(\.\d)?$/);
  await expect(page.getByTestId("capacity-cpu-requests-text")).toContainText(/cores? of .* cores? \(\d/);
  // The demo's scenarios (crash loops, OOM kills, image pulls) are problems, each linked to its pod.
  await expect(page.getByTestId("stat-problems-value")).toHaveText(/^[1-9]\d*$/);
  const problem = page.getByTestId("overview-problems").getByTestId("problem-item").getByRole("link").first();
  await expect(problem).toBeVisible(SETTLED);
  await expect(page.getByTestId("warning-event").first()).toBeVisible(SETTLED);
  await page.screenshot({ path: screenshotPath("overview.png"), fullPage: true });

  const demo = await demoCluster(page.request);
  const href = await problem.getAttribute("href");
  expect(href).toMatch(new RegExp(`^/pods/${demo.id}/[^/]+/[^/]+$`));
  await problem.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));

  await page.goto("/overview");
  await page.getByTestId("cluster-switcher").selectOption(demo.id);
  await expect(page.getByTestId("overview-scope")).toHaveText("demo");
  await expect(page.getByTestId("stat-nodes-value")).toHaveText(/^[1-9]\d* \/ [1-9]\d*$/, SETTLED);
});

test("the fleet lists every cluster; a click selects it and opens its overview", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-fleet").click();
  await expect(page.getByRole("heading", { name: "Fleet", level: 1 })).toBeVisible();
  const card = page.getByTestId("fleet-card").filter({ has: page.getByTestId("fleet-card-name").getByText("demo", { exact: true }) });
  await expect(card.getByTestId("status-badge")).toHaveText("online", SETTLED);
  await expect(card.getByTestId("fleet-card-nodes")).toHaveText(/^[1-9]\d*$/);
  await expect(card.getByTestId("fleet-card-problems")).toHaveText(/^[1-9]\d*$/, SETTLED);
  await expect(card).toContainText(/Agent version\s*\d+\.\d+/);
  await page.screenshot({ path: screenshotPath("fleet.png"), fullPage: true });

  const demo = await demoCluster(page.request);
  await card.click();
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByTestId("cluster-switcher")).toHaveValue(demo.id);
  await expect(page.getByTestId("overview-scope")).toHaveText("demo");
});

test("events: live events link to their objects and filter by type; the history searches a time range", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-events").click();
  await expect(page.getByRole("heading", { name: "Events", level: 1 })).toBeVisible();
  await expect(page.getByTestId("event-row").first()).toBeVisible(SETTLED);
  await expect(page.getByTestId("event-row").first().getByRole("time")).toHaveAttribute("title", /\d{4}/);

  await page.getByTestId("events-type").selectOption("Warning");
  await expect(page).toHaveURL(/type=Warning/);
  const warning = page.getByTestId("event-row").first();
  await expect(warning.getByTestId("event-type")).toHaveText("Warning", SETTLED);
  await expect(warning.getByTestId("object-link")).toHaveAttribute("href", /^\/[a-z]+\/[^/]+\//);
  await page.screenshot({ path: screenshotPath("events.png"), fullPage: true });

  await page.getByTestId("tab-history").click();
  await expect(page).toHaveURL(/tab=history/);
  await page.getByTestId("events-range-24h").click();
  await expect(page).toHaveURL(/since=/);
  await expect(page.getByTestId("event-history-row").first()).toBeVisible(SETTLED);
  await expect(page.getByTestId("event-history-row").first().getByTestId("event-type")).toHaveText("Warning");
  await page.screenshot({ path: screenshotPath("events-history.png"), fullPage: true });

  // A range in the future holds nothing.
  await page.getByTestId("events-since").fill("2099-01-01T00:00");
  await expect(page.getByTestId("list-empty")).toHaveText("No archived events match in this range.", SETTLED);
});

test("commands: the history shows each command's params, status, timing and output", async ({ page }) => {
  await login(page);
  const demo = await demoCluster(page.request);
  const created = await page.request.post("/api/v3/commands", {
    data: {
      clusterId: demo.id,
      action: "scale",
      target: { kind: "Deployment", namespace: "shop", name: "cart" },
      params: { replicas: 2 },
      dryRun: true,
    },
  });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  const finished = await page.request.get(`/api/v3/commands/${id}?wait=30`);
  expect(((await finished.json()) as { status: string }).status).toBe("success");

  await page.getByTestId("nav-commands").click();
  await expect(page.getByRole("heading", { name: "Commands", level: 1 })).toBeVisible();
  await page.getByTestId("commands-status").selectOption("success");
  const row = page.getByTestId("command-row").filter({ hasText: "Deployment/shop/cart" }).first();
  await expect(row).toBeVisible(SETTLED);
  await expect(row.getByTestId("status-badge")).toHaveText("success");
  await expect(row).toContainText("dry run");
  await row.getByTestId("command-expand").click();
  const details = page.getByTestId("command-details");
  await expect(details.getByTestId("command-params")).toContainText('"replicas": 2');
  await expect(details.getByTestId("command-output")).toBeVisible();
  await expect(details).toContainText(id);
  await page.screenshot({ path: screenshotPath("commands.png"), fullPage: true });
});

test("audit: who did what from where, filtered by action", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-audit").click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await expect(page.getByTestId("audit-row").first()).toBeVisible(SETTLED);
  await page.getByTestId("audit-action-filter").fill("login");
  await expect(page).toHaveURL(/action=login/);
  const row = page.getByTestId("audit-row").first();
  await expect(row.getByTestId("audit-action")).toHaveText("login");
  await expect(row.getByTestId("audit-actor")).toHaveText(ADMIN.username);
  await expect(row).toContainText("127.0.0.1");
  await page.screenshot({ path: screenshotPath("audit.png"), fullPage: true });
});

test("admin: register a cluster, see its token once with the install commands, rotate and revoke it", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-admin-clusters").click();
  await expect(page.getByRole("heading", { name: "Clusters", level: 1 })).toBeVisible();
  await expect(page.getByTestId("cluster-row").filter({ hasText: "demo" })).toBeVisible();

  await page.getByTestId("cluster-create").click();
  await page.getByRole("dialog").getByLabel("Name").fill("e2e-edge");
  await page.getByTestId("cluster-create-submit").click();
  const dialog = page.getByRole("dialog", { name: "e2e-edge is registered" });
  await expect(dialog).toBeVisible();
  const token = (await dialog.getByTestId("cluster-token").textContent()) ?? "";
  expect(token).toMatch(/^ahc_\S{20,}$/);
  const install = dialog.getByTestId("install-command");
  await expect(install).toContainText("kubectl apply -k deploy/agent/");
  await expect(install).toContainText(`kubectl -n atlhyper create secret generic atlhyper-agent-token --from-literal=AGENT_TOKEN=${token}`);
  await expect(install).toContainText("kubectl -n atlhyper rollout restart deployment/atlhyper-agent");
  await expect(dialog.getByTestId("workstation-command")).toContainText(`AGENT_TOKEN=${token}`);
  await expect(dialog.getByTestId("cluster-token-copy")).toBeVisible();
  await page.screenshot({ path: screenshotPath("admin-clusters-token.png"), fullPage: true });
  await dialog.getByTestId("cluster-token-done").click();
  await expect(page.getByText(token)).toHaveCount(0);

  const row = page.getByTestId("cluster-row").filter({ hasText: "e2e-edge" });
  await expect(row.getByTestId("status-badge")).toHaveText("pending");
  await row.getByTestId("cluster-rotate").click();
  await page.getByTestId("confirm").click();
  const rotated = page.getByRole("dialog", { name: "New token for e2e-edge" });
  const second = (await rotated.getByTestId("cluster-token").textContent()) ?? "";
  expect(second).toMatch(/^ahc_/);
  expect(second).not.toBe(token);
  await rotated.getByTestId("cluster-token-done").click();

  await row.getByTestId("cluster-revoke").click();
  await page.getByTestId("confirm").click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("admin-clusters.png"), fullPage: true });
});

test("admin: create a user, who signs in, sees no admin pages and changes their password", async ({ page }) => {
  const carol = { username: "e2e-carol", password: "carol-first-pass", next: "carol-second-pass" };
  await login(page);
  await page.getByTestId("nav-admin-users").click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  const own = page.getByTestId("user-row").filter({ hasText: ADMIN.username }).first();
  await expect(own.getByTestId("user-delete")).toBeDisabled();

  await page.getByTestId("user-create").click();
  const form = page.getByRole("dialog", { name: "New user" });
  await form.getByLabel("Username").fill(carol.username);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByLabel("Password", { exact: true }).fill(carol.password);
  await form.getByLabel("Repeat the new password").fill(carol.password);
  await form.getByTestId("user-create-submit").click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const row = page.getByTestId("user-row").filter({ hasText: carol.username });
  await expect(row.getByTestId("user-role")).toHaveValue("operator");
  await page.screenshot({ path: screenshotPath("admin-users.png"), fullPage: true });
  await logout(page);

  await login(page, carol.password, carol.username);
  await expect(page.getByTestId("nav-commands")).toBeVisible();
  await expect(page.getByTestId("nav-admin-users")).toHaveCount(0);
  await expect(page.getByTestId("nav-audit")).toHaveCount(0);
  await page.getByTestId("nav-settings").click();
  const password = page.getByTestId("password-form");
  await password.getByLabel("Current password").fill("not-my-password");
  await password.getByLabel("New password", { exact: true }).fill(carol.next);
  await password.getByLabel("Repeat the new password").fill(carol.next);
  await password.getByTestId("password-submit").click();
  await expect(password.getByTestId("form-error")).toHaveText("The current password is wrong.");
  await password.getByLabel("Current password").fill(carol.password);
  await password.getByTestId("password-submit").click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await page.screenshot({ path: screenshotPath("settings.png"), fullPage: true });
  await logout(page);

  await page.getByLabel("Username").fill(carol.username);
  await page.getByLabel("Password").fill(carol.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong username or password.");
  await login(page, carol.next, carol.username);
});

test("settings: an API token is shown once, listed and deleted", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("token-create").click();
  const form = page.getByRole("dialog", { name: "New token" });
  await form.getByLabel("Name").fill("e2e-script");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByTestId("token-create-submit").click();
  const shown = page.getByRole("dialog", { name: "Your new API token" });
  const token = (await shown.getByTestId("api-token").textContent()) ?? "";
  expect(token).toMatch(/^aht_/);
  // The token works for scripts, with the role it was given.
  const answer = await page.request.get("/api/v3/auth/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(await answer.json()).toMatchObject({ role: "viewer" });
  await shown.getByTestId("token-created-done").click();

  const row = page.getByTestId("token-row").filter({ hasText: "e2e-script" });
  await expect(row).toBeVisible();
  await row.getByTestId("token-delete").click();
  await page.getByTestId("confirm").click();
  await expect(row).toHaveCount(0);
});

test("Ctrl-K finds a pod in every cluster and Enter opens its page", async ({ page }) => {
  await login(page);
  const demo = await demoCluster(page.request);
  const pods = await page.request.get(`/api/v3/clusters/${demo.id}/pods?namespace=shop&limit=1&sort=name`);
  const pod = ((await pods.json()) as { items: { name: string; namespace: string }[] }).items[0];
  if (!pod) throw new Error("the demo has no pod in the shop namespace");

  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search" });
  await expect(palette).toBeVisible();
  await page.getByTestId("palette-input").fill(pod.name);
  const option = palette.getByRole("option", { name: new RegExp(`^${pod.name}\\s*demo · ${pod.namespace}$`) });
  await expect(option).toBeVisible(SETTLED);
  await expect(palette.getByRole("group", { name: "Pods" })).toBeVisible();
  await page.screenshot({ path: screenshotPath("search.png"), fullPage: true });
  // Move to the pod with the arrow keys, then open it.
  const options = palette.getByRole("option");
  const index = (await options.allTextContents()).findIndex((text) => text.startsWith(pod.name));
  for (let step = 0; step < index; step += 1) await page.keyboard.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(palette).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/pods/${demo.id}/${pod.namespace}/${pod.name}$`));
  await expect(page.getByTestId("detail-title")).toHaveText(pod.name, SETTLED);

  // The header button opens the same palette; Escape closes it.
  await page.getByTestId("search-button").click();
  await expect(palette).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette).toHaveCount(0);
});

test("the overview in Simplified Chinese", async ({ page }) => {
  await login(page);
  await page.getByTestId("language-switch").selectOption("zh-CN");
  await expect(page.getByRole("heading", { name: "概览", level: 1 })).toBeVisible();
  await expect(page.getByTestId("nav-overview")).toHaveText("概览");
  await expect(page.getByRole("meter", { name: "处理器 (CPU) 已请求" })).toBeVisible(SETTLED);
  await expect(page.getByTestId("overview-problems")).toContainText("问题");
  await expect(page.getByTestId("stat-nodes-value")).toHaveText(/^[1-9]\d* \/ [1-9]\d* 个$/, SETTLED);
  await page.screenshot({ path: screenshotPath("overview-zh-CN.png"), fullPage: true });
});
