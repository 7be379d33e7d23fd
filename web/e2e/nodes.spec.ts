import { expect, test } from "@playwright/test";
import { login, screenshotPath } from "./helpers";

test("the nodes page lists the cluster's nodes", async ({ page }) => {
  await login(page);
  await page.getByTestId("nav-nodes").click();
  await expect(page).toHaveURL(/\/nodes/);
  await expect(page.getByRole("heading", { name: "Nodes" })).toBeVisible();
  const rows = page.getByTestId("node-row");
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first().getByTestId("status-badge")).toHaveText(/Ready|NotReady/);
  await page.screenshot({ path: screenshotPath("nodes.png"), fullPage: true });
});
