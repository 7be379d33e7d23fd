import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { dataDir, login, screenshotPath } from "./helpers";

test("a pod created with kubectl shows up in the pods table", async ({ page }) => {
  const kubeconfig = path.join(dataDir(), "kubeconfig");
  execFileSync(
    process.env.KUBECTL ?? "kubectl",
    ["--kubeconfig", kubeconfig, "run", "e2e-web", "--image=nginx:1.27", "-n", "default"],
    { stdio: "pipe", timeout: 30_000 },
  );

  await login(page);
  await page.goto("/pods");
  await page.getByTestId("pods-search").fill("e2e-web");
  await expect(page).toHaveURL(/q=e2e-web/);

  // The agent pushes on an interval and the table refreshes every 5 s.
  const row = page.getByTestId("pod-row").filter({ hasText: "e2e-web" });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText("default");
  await expect(page.getByTestId("pod-row")).toHaveCount(1);
  await page.screenshot({ path: screenshotPath("pods.png"), fullPage: true });
});

test("the pods table pages and sorts on the server", async ({ page }) => {
  await login(page);
  await page.goto("/pods");
  await expect(page.getByTestId("pod-row").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("page-range")).toContainText(/^1–\d+ of \d+$/);

  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/sort=name/);
  const ascending = await page.getByTestId("pod-name").allTextContents();
  await page.getByTestId("sort-name").click();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(page.getByTestId("pod-name").first()).not.toHaveText(ascending[0] ?? "");
});

test("switching to 中文 shows Chinese labels on the pods page", async ({ page }) => {
  await login(page);
  await page.goto("/pods");
  await page.getByTestId("language-switch").selectOption("zh-CN");
  await expect(page.getByRole("heading", { name: "容器组" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /名称/ })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /命名空间/ })).toBeVisible();
  await expect(page.getByTestId("nav-nodes")).toHaveText("节点");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.screenshot({ path: screenshotPath("pods-zh-CN.png"), fullPage: true });

  // The choice survives a reload.
  await page.reload();
  await expect(page.getByRole("heading", { name: "容器组" })).toBeVisible();
});
