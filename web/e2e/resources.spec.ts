import { expect, test, type Page } from "@playwright/test";
import { login, screenshotPath } from "./helpers";

/** Every kind with a page, as the side navigation lists them. */
const PLURALS = [
  "nodes",
  "namespaces",
  "pods",
  "deployments",
  "statefulsets",
  "daemonsets",
  "replicasets",
  "jobs",
  "cronjobs",
  "services",
  "ingresses",
  "endpoints",
  "endpointslices",
  "networkpolicies",
  "persistentvolumeclaims",
  "persistentvolumes",
  "storageclasses",
  "configmaps",
  "secrets",
  "serviceaccounts",
  "horizontalpodautoscalers",
  "poddisruptionbudgets",
  "resourcequotas",
  "limitranges",
];

/** Rows of the table, or its empty state; never an error. */
async function expectListRendered(page: Page, plural: string) {
  const table = page.getByTestId(`${plural}-table`);
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr[data-testid$="-row"], [data-testid="list-empty"]').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("list-error")).toHaveCount(0);
  await expect(page.getByTestId("list-unavailable")).toHaveCount(0);
}

/** Counts the commands the page sends: reading the live object is one (and one audit entry). */
function countCommands(page: Page): () => number {
  let sent = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/v3/commands") sent += 1;
  });
  return () => sent;
}

async function openTab(page: Page, id: string) {
  await page.getByTestId(`tab-${id}`).click();
  await expect(page).toHaveURL(new RegExp(`tab=${id}`));
  await expect(page.getByTestId(`tabpanel-${id}`)).toBeVisible();
}

test("every kind's list page opens from the side navigation and renders rows or its empty state", async ({ page }) => {
  test.setTimeout(240_000);
  await login(page);
  for (const plural of PLURALS) {
    await page.getByTestId(`nav-${plural}`).click();
    await expect(page).toHaveURL(new RegExp(`/${plural}$`));
    await expectListRendered(page, plural);
  }
  // The demo cluster has rows for the kinds operators look at first.
  for (const plural of ["nodes", "pods", "deployments", "services", "configmaps"]) {
    await page.goto(`/${plural}`);
    await expect(page.locator('tbody tr[data-testid$="-row"]').first()).toBeVisible({ timeout: 30_000 });
  }
  await page.goto("/deployments");
  await expectListRendered(page, "deployments");
  await page.screenshot({ path: screenshotPath("resources-deployments.png"), fullPage: true });
});

test("a list pages, sorts and changes its page size on the server", async ({ page }) => {
  await login(page);
  await page.goto("/pods");
  await expect(page.getByTestId("pod-row").first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("page-size").selectOption("500");
  await expect(page).toHaveURL(/limit=500/);
  await expect(page.getByTestId("page-range")).toContainText(/^1–\d+ of \d+$/);
  await page.getByTestId("filter-status").selectOption("Running");
  await expect(page).toHaveURL(/status=Running/);
  await expect(page.getByTestId("pod-row").first()).toBeVisible();
  // The rows of the unfiltered page may still be shown until the filtered page arrives.
  await expect(page.getByTestId("pod-row").getByTestId("status-badge").filter({ hasNotText: /^Running$/ })).toHaveCount(0);
  for (const status of await page.getByTestId("pod-row").getByTestId("status-badge").allTextContents()) {
    expect(status).toBe("Running");
  }
  // Every mounted row is one row high, so the virtual window's spacers add up.
  const heights = await page.getByTestId("pod-row").evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
  for (const height of heights) expect(Math.round(height)).toBe(40);
});

test("a Deployment's page shows its summary, containers, conditions, events, YAML and related objects", async ({ page }) => {
  test.setTimeout(120_000);
  const commands = countCommands(page);
  await login(page);
  await page.goto("/deployments?q=coredns");
  const name = page.getByTestId("deployment-name").first();
  await expect(name).toBeVisible({ timeout: 30_000 });
  await name.click();
  await expect(page).toHaveURL(/\/deployments\/[^/]+\/kube-system\/coredns$/);
  await expect(page.getByTestId("detail-title")).toHaveText("coredns");
  await expect(page.getByTestId("field-replicas")).toHaveText(/^\d+\/\d+$/);
  await expect(page.getByTestId("field-images")).toContainText("coredns");
  await expect(page.getByTestId("field-annotations")).toContainText("deployment.kubernetes.io/revision=");
  await page.screenshot({ path: screenshotPath("resources-deployment-summary.png"), fullPage: true });

  // Summary, containers and conditions render the Master's compact object: no command is sent.
  await openTab(page, "containers");
  await expect(page.getByTestId("container-image").first()).toContainText("coredns");
  await expect(page.getByTestId("container").first()).toContainText("http 53/TCP");
  await page.screenshot({ path: screenshotPath("resources-deployment-containers.png"), fullPage: true });

  await openTab(page, "conditions");
  await expect(page.getByTestId("condition").first()).toBeVisible();
  expect(commands()).toBe(0);

  await openTab(page, "events");
  await expect(page.locator('[data-testid="object-event"], [data-testid="events-empty"]').first()).toBeVisible({ timeout: 15_000 });

  await openTab(page, "yaml");
  await expect(page.getByTestId("yaml")).toContainText("kind: Deployment", { timeout: 30_000 });
  await expect(page.getByTestId("yaml-source")).toHaveText("Live object from the cluster");
  expect(commands()).toBe(1);
  await page.screenshot({ path: screenshotPath("resources-deployment-yaml.png"), fullPage: true });

  await openTab(page, "related");
  await expect(page.locator('[data-testid="related-item"][data-kind="ReplicaSet"]').first()).toBeVisible({ timeout: 15_000 });
  const pods = page.locator('[data-testid="related-group"][data-relation="runs"] [data-testid="related-item"][data-kind="Pod"]');
  await expect(pods.first()).toBeVisible();
  await page.screenshot({ path: screenshotPath("resources-deployment-related.png"), fullPage: true });

  // A related pod opens on its own page.
  await pods.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/pods\/[^/]+\/kube-system\/coredns-/);
  await expect(page.getByTestId("field-status")).toBeVisible();
});

test("a Pod's page shows its containers, conditions, YAML, usage and logs tabs", async ({ page }) => {
  test.setTimeout(120_000);
  const commands = countCommands(page);
  await login(page);
  await page.goto("/pods?q=coredns");
  const name = page.getByTestId("pod-name").first();
  await expect(name).toBeVisible({ timeout: 30_000 });
  await name.click();
  await expect(page).toHaveURL(/\/pods\/[^/]+\/kube-system\/coredns-/);

  await openTab(page, "containers");
  await expect(page.getByTestId("container-image").first()).toContainText("coredns");
  await expect(page.getByTestId("container").first()).toContainText("http 53/TCP");
  await expect(page.getByTestId("container").first()).toContainText(/running/i);
  await page.screenshot({ path: screenshotPath("resources-pod-containers.png"), fullPage: true });

  await openTab(page, "conditions");
  for (const type of ["PodScheduled", "Initialized", "ContainersReady", "Ready"]) {
    await expect(page.getByTestId("condition").filter({ hasText: type }).first()).toBeVisible();
  }
  await page.screenshot({ path: screenshotPath("resources-pod-conditions.png"), fullPage: true });
  expect(commands()).toBe(0);

  await openTab(page, "yaml");
  await expect(page.getByTestId("yaml")).toContainText("kind: Pod", { timeout: 30_000 });

  await openTab(page, "related");
  await expect(page.locator('[data-testid="related-group"][data-relation="runsOn"] a').first()).toBeVisible({ timeout: 15_000 });

  await openTab(page, "usage");
  await expect(page.getByTestId("usage-cpu-chart").locator("canvas")).toBeVisible({ timeout: 30_000 });

  await openTab(page, "logs");
  await expect(page.getByTestId("tabpanel-logs")).not.toBeEmpty();
});

test("a Node's page shows its usage as charts", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  await page.getByTestId("nav-nodes").click();
  const name = page.getByTestId("node-name").first();
  await expect(name).toBeVisible({ timeout: 30_000 });
  await name.click();
  await expect(page).toHaveURL(/\/nodes\/[^/]+\/[^/]+$/);
  await expect(page.getByTestId("field-kubeletVersion")).toContainText("v1.");

  await openTab(page, "usage");
  await expect(page.getByTestId("usage-cpu-chart").locator("canvas")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("usage-memory-chart").locator("canvas")).toBeVisible();
  await page.getByTestId("range-6h").click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(page.getByTestId("usage-cpu-chart").locator("canvas")).toBeVisible();
  await page.screenshot({ path: screenshotPath("resources-node-usage.png"), fullPage: true });

  await openTab(page, "related");
  await expect(page.locator('[data-testid="related-item"][data-kind="Pod"]').first()).toBeVisible({ timeout: 15_000 });

  await openTab(page, "conditions");
  for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
    await expect(page.getByTestId("condition").filter({ hasText: type }).first()).toBeVisible();
  }
  await page.screenshot({ path: screenshotPath("resources-node-conditions.png"), fullPage: true });
});

test("a missing object says so and links back to its list", async ({ page }) => {
  await login(page);
  await page.goto("/nodes");
  const first = page.getByTestId("node-name").first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  const href = (await first.getAttribute("href")) ?? "";
  await page.goto(href.replace(/[^/]+$/, "no-such-node"));
  await expect(page.getByTestId("detail-not-found")).toContainText("Node no-such-node was not found");
  await page.getByTestId("back-to-list").click();
  await expect(page).toHaveURL(/\/nodes$/);
});

test("a list page in Simplified Chinese", async ({ page }) => {
  await login(page);
  await page.goto("/deployments");
  await page.getByTestId("language-switch").selectOption("zh-CN");
  await expect(page.getByRole("heading", { name: "部署" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /名称/ })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /命名空间/ })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /发布状态/ })).toBeVisible();
  await expect(page.getByTestId("nav-statefulsets")).toHaveText("有状态副本集");
  await expect(page.getByTestId("deployment-row").first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: screenshotPath("resources-deployments-zh-CN.png"), fullPage: true });
  await page.getByTestId("language-switch").selectOption("en");
});
