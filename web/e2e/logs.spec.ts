import { expect, test, type APIRequestContext } from "@playwright/test";
import { login, screenshotPath } from "./helpers";

/** A running pod of shop/web (nginx: access-log lines with "GET"). */
async function webPod(request: APIRequestContext): Promise<{ cluster: string; pod: string }> {
  const clusters = (await (await request.get("/api/v3/clusters")).json()) as { items: { id: string; name: string }[] };
  const cluster = (clusters.items.find((c) => c.name === "demo") ?? clusters.items[0])?.id;
  if (!cluster) throw new Error("the demo cluster is not registered");
  let pod = "";
  // Right after the demo starts, the Agent's first snapshot may still be on its way.
  await expect
    .poll(
      async () => {
        const answer = await request.get(`/api/v3/clusters/${cluster}/pods`, { params: { namespace: "shop", limit: 500 } });
        const pods = ((await answer.json()) as { items: { name: string; owner: string; status: string }[] }).items;
        pod = pods.find((p) => p.owner.startsWith("ReplicaSet/web-") && p.status === "Running")?.name ?? "";
        return pod;
      },
      { timeout: 30_000, message: "a running shop/web pod" },
    )
    .not.toBe("");
  return { cluster, pod };
}

test("read, search and download a pod's log", async ({ page }) => {
  await login(page);
  const { cluster, pod } = await webPod(page.request);
  await page.goto(`/pods/${cluster}/shop/${pod}?tab=logs`);

  const lines = page.getByTestId("log-line");
  await expect(lines.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("log-line-count")).toHaveText(/^\d+ lines?$/);
  await expect(page.getByTestId("log-view")).toContainText("GET");

  await page.getByLabel("Search the log").fill("GET");
  await expect(page.getByTestId("log-match-count")).toHaveText(/^\d+ match(es)?$/);
  const count = Number((await page.getByTestId("log-match-count").textContent())?.split(" ")[0]);
  expect(count).toBeGreaterThan(0);
  await expect(page.getByTestId("log-match").first()).toHaveText("GET");
  await expect(page.locator('[data-testid="log-match"][data-current="true"]')).toHaveCount(1);
  await expect(page.getByTestId("log-match-position")).toHaveText(`1 of ${count}`);
  if (count > 1) {
    await page.getByLabel("Search the log").press("Enter");
    await expect(page.getByTestId("log-match-position")).toHaveText(`2 of ${count}`);
  }
  await page.screenshot({ path: screenshotPath("logs-search.png"), fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`shop_${pod}_web.log`);

  await page.getByLabel("Search the log").fill("no such text in any log");
  await expect(page.getByTestId("log-match-count")).toHaveText("No matches");
  await expect(page.getByTestId("log-match")).toHaveCount(0);
});

test("follow appends new lines; the previous container's absence is explained", async ({ page }) => {
  await login(page);
  const { cluster, pod } = await webPod(page.request);
  await page.goto(`/pods/${cluster}/shop/${pod}?tab=logs`);
  await expect(page.getByTestId("log-line").first()).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Lines", { exact: true }).selectOption("100");
  await expect(page.getByTestId("log-line-count")).toHaveText("100 lines", { timeout: 30_000 });

  await page.getByLabel("Follow").check();
  // nginx in the sim writes a line every 2–6 s; a follow tick every 3 s appends it.
  await expect(page.getByTestId("log-line-count")).not.toHaveText("100 lines", { timeout: 30_000 });
  await page.screenshot({ path: screenshotPath("logs-follow.png"), fullPage: true });

  await page.getByLabel("Previous container").check();
  await expect(page.getByLabel("Follow")).toBeDisabled();
  await expect(page.getByTestId("log-error")).toContainText(/The log could not be loaded: .*previous terminated container/, {
    timeout: 30_000,
  });
});
