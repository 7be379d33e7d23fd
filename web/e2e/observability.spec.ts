import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { login, screenshotPath } from "./helpers";

/**
 * The observability pages against the demo's sim ClickHouse (an hour of generated traces, logs and
 * metrics of the shop services), read by the Agent and served by the Master.
 */

const SLOW = { timeout: 30_000 };

// The first test may wait up to two minutes for the Agent's first OTel summary.
test.describe.configure({ timeout: 180_000 });

async function demoCluster(request: APIRequestContext): Promise<string> {
  const clusters = (await (await request.get("/api/v3/clusters")).json()) as { items: { id: string; name: string }[] };
  const cluster = (clusters.items.find((c) => c.name === "demo") ?? clusters.items[0])?.id;
  if (!cluster) throw new Error("the demo cluster is not registered");
  return cluster;
}

/** The Agent's first OTel summary arrives with a snapshot a little after the demo starts. */
async function summaryReady(request: APIRequestContext): Promise<string> {
  const cluster = await demoCluster(request);
  await expect
    .poll(
      async () => {
        const answer = await request.get(`/api/v3/clusters/${cluster}/apm`);
        if (!answer.ok()) return `HTTP ${answer.status()}`;
        const body = (await answer.json()) as { otel: { status: string }; services: unknown[] };
        return `${body.otel.status} ${body.services.length > 0 ? "with services" : "empty"}`;
      },
      { timeout: 120_000, intervals: [1_000, 2_000, 5_000], message: "the Agent's OTel summary with services" },
    )
    .toBe("ok with services");
  return cluster;
}

/** Signed in with the demo cluster chosen in the header: other specs register more clusters, and
 * with "All clusters" and several of them the pages ask which one to show. */
async function signIn(page: Page): Promise<string> {
  await login(page);
  const cluster = await summaryReady(page.request);
  await page.getByTestId("cluster-switcher").selectOption(cluster);
  return cluster;
}

test("APM: the service map and services, a service's charts and traces, and a trace's waterfall", async ({ page }) => {
  await signIn(page);
  await page.getByTestId("nav-apm").click();
  await expect(page).toHaveURL(/\/apm$/);
  await expect(page.getByRole("heading", { name: "APM", level: 1 })).toBeVisible();
  const checkout = page.getByTestId("apm-service-row").filter({ hasText: "checkout" });
  await expect(checkout).toBeVisible(SLOW);
  await expect(page.getByTestId("apm-service-row").filter({ hasText: "payments-api" })).toBeVisible();
  const map = page.getByTestId("apm-map-graph");
  await expect(map.locator("canvas")).toBeVisible();
  await expect(map).toHaveAttribute("data-nodes", /(^|,)web(,|$)/);
  await expect(map).toHaveAttribute("data-nodes", /db:postgres/);
  await expect(page.getByTestId("otel-banner")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("apm.png"), fullPage: true });

  await checkout.getByTestId("apm-service-link").click();
  await expect(page.getByTestId("service-name")).toHaveText(/checkout/);
  await expect(page.getByTestId("service-chart-rate").locator("canvas")).toBeVisible(SLOW);
  await expect(page.getByTestId("service-chart-latency").locator("canvas")).toBeVisible();
  await expect(page.getByTestId("operation-row").filter({ hasText: "POST /orders" })).toBeVisible();
  await expect(page.getByTestId("service-downstream-table-row").filter({ hasText: "payments-api" })).toBeVisible();
  const slow = page.getByTestId("slow-trace-row").first();
  await expect(slow).toBeVisible();
  await page.screenshot({ path: screenshotPath("apm-service.png"), fullPage: true });

  await slow.getByTestId("trace-link").click();
  await expect(page).toHaveURL(/\/traces\/[^/]+\/[0-9a-f]{32}\?span=/);
  const rows = page.getByTestId("waterfall-row");
  await expect(rows.first()).toBeVisible(SLOW);
  expect(await rows.count()).toBeGreaterThan(1);
  // The span the list pointed at is open beside the waterfall.
  await expect(page.getByTestId("span-panel")).toBeVisible();
  await expect(page.getByTestId("span-panel")).toContainText("checkout");
});

test("Traces: filter and sort, open a failed trace, and read the exception of its failed span", async ({ page }) => {
  await signIn(page);
  await page.getByTestId("nav-traces").click();
  await expect(page.getByRole("heading", { name: "Traces", level: 1 })).toBeVisible();
  await expect(page.getByTestId("trace-row").first()).toBeVisible(SLOW);

  await page.getByTestId("trace-filter-service").selectOption("payments-api");
  await expect(page).toHaveURL(/service=payments-api/);
  await expect(page.getByTestId("trace-row").first()).toContainText("payments-api", SLOW);
  await page.getByTestId("sort-duration").click();
  await expect(page).toHaveURL(/sort=duration/);
  await page.screenshot({ path: screenshotPath("traces.png"), fullPage: true });

  // fraud-detector calls nothing, so each of its failures is its own: an exception event.
  await page.getByTestId("trace-filter-service").selectOption("fraud-detector");
  await page.getByTestId("trace-filter-status").selectOption("error");
  await expect(page).toHaveURL(/status=error/);
  const failed = page.getByTestId("trace-row").first();
  await expect(failed).toContainText("fraud-detector", SLOW);
  await expect(failed).toContainText("Error");

  await failed.getByTestId("trace-link").click();
  const rows = page.getByTestId("waterfall-row");
  await expect(rows.first()).toBeVisible(SLOW);
  expect(await page.locator('[data-testid="waterfall-row"][data-error="true"]').count()).toBeGreaterThan(1);
  // The list's row is the failed span; it opens beside the waterfall, on its events.
  const panel = page.getByTestId("span-panel");
  await expect(panel).toContainText("fraud-detector");
  await expect(panel.getByTestId("span-event").first()).toBeVisible();
  await expect(panel.getByTestId("span-stacktrace").first()).toContainText("fraud-detector.handle");
  await page.screenshot({ path: screenshotPath("trace-waterfall.png"), fullPage: true });
  // Its attribute maps are read from the Agent when the span is opened.
  await panel.getByTestId("tab-attributes").click();
  await expect(panel.getByTestId("span-attributes")).toContainText("http.route", SLOW);
  await panel.getByTestId("tab-resource").click();
  await expect(panel.getByTestId("span-resource")).toContainText("k8s.", SLOW);
  await panel.getByTestId("tab-logs").click();
  await expect(panel.getByTestId("span-logs").getByTestId("log-row").first()).toContainText("failed");
});

test("Log explorer: a search marks its matches, facets filter, the histogram zooms, a record opens its trace", async ({ page }) => {
  await signIn(page);
  await page.getByTestId("nav-log-explorer").click();
  await expect(page.getByRole("heading", { name: "Log explorer", level: 1 })).toBeVisible();
  await page.getByTestId("log-search").fill("products");
  await page.getByTestId("log-search-submit").click();
  await expect(page).toHaveURL(/q=products/);
  const rows = page.getByTestId("log-row");
  await expect(rows.first()).toBeVisible(SLOW);
  await expect(rows.first().getByTestId("log-match").first()).toHaveText(/^products$/i);
  await expect(page.getByTestId("log-total")).toHaveText(/^[\d,]+ records?$/);
  await page.screenshot({ path: screenshotPath("log-explorer.png"), fullPage: true });

  await page.getByTestId("facet-service").getByTestId("facet-value").filter({ hasText: "catalog" }).click();
  await expect(page).toHaveURL(/service=catalog/);
  await expect(page.getByTestId("log-filters")).toContainText("catalog");
  await expect(rows.first()).toContainText("catalog", SLOW);
  await expect(page.getByTestId("log-results")).toHaveAttribute("aria-busy", "false", SLOW);

  // Drag across the middle of the histogram: the page zooms to those buckets.
  const chart = page.getByTestId("log-histogram-chart");
  await expect(chart.locator("canvas")).toBeVisible();
  const box = await chart.boundingBox();
  if (!box) throw new Error("the histogram has no box");
  const y = box.y + box.height * 0.6;
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 12 });
  await page.mouse.up();
  await expect(page).toHaveURL(/start=.*end=/);
  await expect(page.getByTestId("obs-custom-window")).toBeVisible();
  await expect(page.getByTestId("log-results")).toHaveAttribute("aria-busy", "false", SLOW);
  await expect(rows.first()).toBeVisible();

  await rows.first().getByTestId("log-row-toggle").click();
  const link = page.getByTestId("log-trace-link");
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId("waterfall-row").first()).toBeVisible(SLOW);
});

test("Node hardware: the nodes' values and one node's charts over 1 h and 6 h", async ({ page }) => {
  const cluster = await signIn(page);
  await page.getByTestId("nav-node-hardware").click();
  await expect(page.getByRole("heading", { name: "Node hardware", level: 1 })).toBeVisible();
  const row = page.getByTestId("node-hardware-row").filter({ hasText: "worker-1" });
  await expect(row).toBeVisible(SLOW);
  await expect(row).toContainText("%");
  await page.screenshot({ path: screenshotPath("node-hardware.png"), fullPage: true });

  await row.getByTestId("node-hardware-link").click();
  await expect(page.getByTestId("node-metrics-name")).toHaveText("worker-1");
  await expect(page.getByTestId("node-panel-cpu").locator("canvas")).toBeVisible(SLOW);
  await expect(page.getByTestId("node-panel-memory").locator("canvas")).toBeVisible();
  await expect(page.getByTestId("node-cpu-value")).toHaveText(/%$/);
  await page.screenshot({ path: screenshotPath("node-hardware-detail.png"), fullPage: true });
  await page.getByTestId("node-range-6h").click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(page.getByTestId("node-panel-cpu").locator("canvas")).toBeVisible(SLOW);

  // The Kubernetes Node page links to the same charts.
  await page.goto(`/nodes/${cluster}/worker-1`);
  await page.getByTestId("node-hardware-page-link").click(SLOW);
  await expect(page.getByTestId("node-metrics-name")).toHaveText("worker-1");
});

test("SLOs: a row per ingress host and service; an admin sets and resets a target, a viewer cannot", async ({ page, browser }, testInfo) => {
  const cluster = await signIn(page);
  await page.getByTestId("nav-slo").click();
  await expect(page.getByRole("heading", { name: "Service level objectives", level: 1 })).toBeVisible();
  const host = page.getByTestId("slo-table-ingress").getByTestId("slo-row").filter({ hasText: "shop.example.com" });
  await expect(host).toBeVisible(SLOW);
  await expect(host.getByTestId("slo-window-1d")).toContainText("%");
  await expect(host.getByTestId("budget")).toBeVisible();
  await expect(page.getByTestId("slo-table-service").getByTestId("slo-row").first()).toBeVisible();
  await expect(page.getByTestId("mesh-graph").locator("canvas")).toBeVisible();
  await expect(page.getByTestId("mesh-edge-row").first()).toBeVisible();
  await page.screenshot({ path: screenshotPath("slo.png"), fullPage: true });

  await host.getByTestId("slo-edit").click();
  const dialog = page.getByTestId("slo-target-dialog");
  await dialog.getByTestId("slo-availability").fill("99.5");
  await dialog.getByTestId("slo-latency").fill("300");
  await dialog.getByTestId("slo-target-save").click();
  await expect(dialog).toBeHidden();
  await expect(host.getByTestId("slo-target")).toContainText("99.50% available", SLOW);
  await expect(host.getByTestId("slo-target")).toContainText("custom target");

  await host.getByTestId("slo-link").click();
  await expect(page.getByTestId("slo-detail-title")).toContainText("shop.example.com");
  await expect(page.getByTestId("slo-chart-availability").locator("canvas")).toBeVisible(SLOW);
  await expect(page.getByTestId("slo-window-row")).toHaveCount(3);
  await page.screenshot({ path: screenshotPath("slo-detail.png"), fullPage: true });
  await page.goBack();

  await host.getByTestId("slo-edit").click();
  await page.getByTestId("slo-target-reset").click();
  await expect(page.getByTestId("slo-target-dialog")).toBeHidden();
  await expect(host.getByTestId("slo-target")).toContainText("99.90% available", SLOW);
  await expect(host.getByTestId("slo-target")).not.toContainText("custom target");

  const viewer = { username: "e2e-obs-viewer", password: "viewer-password-2", role: "viewer" };
  const created = await page.request.post("/api/v3/users", { data: viewer });
  expect(created.status(), await created.text()).toBe(201);
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: "en-US" });
  const viewerPage = await context.newPage();
  await login(viewerPage, viewer.password, viewer.username);
  await viewerPage.getByTestId("cluster-switcher").selectOption(cluster);
  await viewerPage.goto("/slo");
  await expect(viewerPage.getByTestId("slo-row").first()).toBeVisible(SLOW);
  await expect(viewerPage.getByTestId("slo-edit")).toHaveCount(0);
  await viewerPage.screenshot({ path: screenshotPath("slo-viewer.png"), fullPage: true });
  await context.close();
});

test("the APM page in Chinese", async ({ page }) => {
  await signIn(page);
  await page.goto("/apm");
  await page.getByTestId("language-switch").selectOption("zh-CN");
  await expect(page.getByRole("heading", { name: "APM 应用性能监控", level: 1 })).toBeVisible();
  await expect(page.getByTestId("nav-log-explorer")).toHaveText("日志检索");
  await expect(page.getByRole("columnheader", { name: /错误率/ })).toBeVisible();
  await expect(page.getByTestId("apm-service-row").first()).toBeVisible(SLOW);
  await expect(page.getByTestId("apm-service-row").first().getByTestId("status-badge")).toHaveText(/健康|警告|严重/);
  await expect(page.getByTestId("apm-map-graph").locator("canvas")).toBeVisible();
  await page.screenshot({ path: screenshotPath("apm-zh-CN.png"), fullPage: true });
});
