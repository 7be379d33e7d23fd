import { expect, test } from "@playwright/test";
import { login, screenshotPath } from "./helpers";

/** The demo runs a collector in host mode on this machine as "demo-host", sampling every 2 s. */
test("the hosts page lists the demo host and its page charts live values", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-hosts").click();
  await expect(page).toHaveURL(/\/hosts$/);
  await expect(page.getByRole("heading", { name: "Hosts" })).toBeVisible();
  const row = page.getByTestId("host-row").filter({ hasText: "demo-host" });
  await expect(row.getByTestId("status-badge")).toHaveText("online", { timeout: 30_000 });
  await page.screenshot({ path: screenshotPath("hosts.png"), fullPage: true });

  await row.getByTestId("host-link").click();
  await expect(page).toHaveURL(/\/hosts\/[0-9a-f]+$/);
  await expect(page.getByTestId("host-name")).toHaveText("demo-host");
  const liveTime = page.getByTestId("host-live-time");
  await expect(liveTime).toBeVisible();
  const chart = page.getByTestId("host-chart-cpu");
  await expect(chart.locator("canvas")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("host-chart-network").locator("canvas")).toBeVisible();
  await expect(page.getByTestId("host-filesystems-row").first()).toBeVisible();

  // Live values and the charts move on their own within a few refreshes.
  const firstSample = await liveTime.getAttribute("datetime");
  const firstPoint = Number(await chart.getAttribute("data-last-point"));
  await expect.poll(async () => liveTime.getAttribute("datetime"), { timeout: 15_000 }).not.toBe(firstSample);
  await expect.poll(async () => Number(await chart.getAttribute("data-last-point")), { timeout: 15_000 }).toBeGreaterThan(firstPoint);
  await page.screenshot({ path: screenshotPath("host-detail.png"), fullPage: true });

  await page.getByTestId("host-range-24h").click();
  await expect(page).toHaveURL(/range=24h/);
  await expect(chart.locator("canvas")).toBeVisible();
});

/** The demo's second collector reports through the Agent as the simulated node worker-1. */
test("a node's page links to its host page and back", async ({ page }) => {
  await login(page);
  await page.goto("/nodes?q=worker-1");
  const name = page.getByTestId("node-name").first();
  await expect(name).toHaveText("worker-1", { timeout: 30_000 });
  await name.click();
  await expect(page.getByTestId("detail-title")).toHaveText("worker-1");
  await page.getByTestId("node-host-link").click({ timeout: 30_000 });
  await expect(page.getByTestId("host-name")).toHaveText("demo/worker-1");
  await page.getByTestId("host-node-link").click();
  await expect(page).toHaveURL(/\/nodes\/[^/]+\/worker-1$/);
  await expect(page.getByTestId("detail-title")).toHaveText("worker-1");
});
