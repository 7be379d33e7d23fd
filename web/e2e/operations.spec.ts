import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { dataDir, login, screenshotPath } from "./helpers";

/**
 * Operations through their dialogs against the demo stack (sim, Agent, Master): every dialog
 * runs a dry run first, and the page shows the cluster's new state after the real run.
 * The tests share the one demo cluster and run in order.
 */
test.describe.configure({ mode: "serial" });

// A rollout, an eviction round or an Agent push takes a few seconds in the demo.
const SETTLED = { timeout: 30_000 };

async function clusterId(request: APIRequestContext): Promise<string> {
  const answer = await request.get("/api/v3/clusters");
  expect(answer.ok()).toBe(true);
  const body = (await answer.json()) as { items: { id: string; name: string }[] };
  const demo = body.items.find((cluster) => cluster.name === "demo") ?? body.items[0];
  if (!demo) throw new Error("the demo cluster is not registered");
  return demo.id;
}

/** Open the dialog of `action` from the detail page's header. */
async function openAction(page: Page, action: string): Promise<Locator> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

async function confirmAndExpectDone(dialog: Locator): Promise<void> {
  await dialog.getByTestId("action-confirm").click();
  await expect(dialog.getByTestId("action-result")).toHaveAttribute("data-status", "success", SETTLED);
  await expect(dialog.getByTestId("action-result")).toContainText("Done.");
}

async function closeDialog(page: Page, dialog: Locator): Promise<void> {
  await dialog.getByTestId("action-close").click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

test("scale a Deployment: the preview shows old → new, then the page shows the new count", async ({ page }) => {
  await login(page);
  const cluster = await clusterId(page.request);
  await page.goto(`/deployments/${cluster}/shop/cart`);
  await expect(page.getByTestId("field-replicas")).toHaveText("2/2", SETTLED);

  const dialog = await openAction(page, "scale");
  await expect(dialog.getByLabel("Replicas")).toHaveValue("2");
  await dialog.getByLabel("Replicas").fill("3");
  await dialog.getByTestId("action-preview").click();
  await expect(dialog.getByTestId("change-replicas")).toHaveText("Replicas: 2 → 3");
  await page.screenshot({ path: screenshotPath("ops-scale-preview.png") });
  await confirmAndExpectDone(dialog);
  await expect(dialog.getByTestId("change-replicas")).toHaveText("Replicas: 2 → 3");
  await closeDialog(page, dialog);

  await expect(page.getByTestId("field-replicas")).toHaveText("3/3", SETTLED);
  await page.goto("/deployments?q=cart");
  await expect(page.getByTestId("deployment-row").filter({ hasText: "cart" }).first()).toContainText("3/3", SETTLED);
});

test("restart, update the image and roll back a Deployment: the image returns", async ({ page }) => {
  await login(page);
  const cluster = await clusterId(page.request);
  await page.goto(`/deployments/${cluster}/shop/catalog`);
  const images = page.getByTestId("field-images");
  await expect(images).toHaveText("ghcr.io/atlhyper/catalog:2.0.1", SETTLED);
  const revision = page.getByTestId("field-revision");
  const before = Number(await revision.textContent());

  // Restart: nothing to fill in, the dry run starts on open.
  let dialog = await openAction(page, "restart");
  await expect(dialog.getByTestId("change-restart")).toContainText("Every pod is replaced in a rolling update");
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);
  await expect(revision).toHaveText(String(before + 1), SETTLED);

  dialog = await openAction(page, "update_image");
  const image = dialog.getByLabel("Image of catalog");
  await expect(image).toHaveValue("ghcr.io/atlhyper/catalog:2.0.1", SETTLED);
  await image.fill("ghcr.io/atlhyper/catalog:2.1.0");
  await dialog.getByTestId("action-preview").click();
  await expect(dialog.getByTestId("change-image")).toHaveText(
    "Image of catalog: ghcr.io/atlhyper/catalog:2.0.1 → ghcr.io/atlhyper/catalog:2.1.0",
  );
  await page.screenshot({ path: screenshotPath("ops-update-image-preview.png") });
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);
  await expect(images).toHaveText("ghcr.io/atlhyper/catalog:2.1.0", SETTLED);
  await expect(revision).toHaveText(String(before + 2), SETTLED);

  dialog = await openAction(page, "rollback");
  await expect(dialog.getByLabel("Revision to go back to")).toHaveValue("");
  await dialog.getByTestId("action-preview").click();
  await expect(dialog.getByTestId("change-revision")).toHaveText(`Revision: ${before + 2} → ${before + 1}`);
  await expect(dialog.getByTestId("change-images")).toHaveText(
    "Images: ghcr.io/atlhyper/catalog:2.1.0 → ghcr.io/atlhyper/catalog:2.0.1",
  );
  await page.screenshot({ path: screenshotPath("ops-rollback-preview.png") });
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);
  await expect(images).toHaveText("ghcr.io/atlhyper/catalog:2.0.1", SETTLED);
});

test("cordon and uncordon a node", async ({ page }) => {
  await login(page);
  const cluster = await clusterId(page.request);
  await page.goto(`/nodes/${cluster}/worker-2`);

  let dialog = await openAction(page, "cordon");
  await expect(dialog.getByTestId("change-unschedulable")).toHaveText("Scheduling new pods: allowed → disabled (cordoned)");
  await page.screenshot({ path: screenshotPath("ops-cordon-preview.png") });
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);

  // Once the node is cordoned the header offers uncordon instead.
  await expect(page.getByTestId("action-uncordon")).toBeVisible(SETTLED);
  await expect(page.getByTestId("action-cordon")).toHaveCount(0);
  dialog = await openAction(page, "uncordon");
  await expect(dialog.getByTestId("change-unschedulable")).toHaveText("Scheduling new pods: disabled (cordoned) → allowed");
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);
  await expect(page.getByTestId("action-cordon")).toBeVisible(SETTLED);
});

interface PodRow {
  name: string;
  owner: string;
  node: string;
  status: string;
}

/** The node of payments-api's one running pod, once the Deployment is down to one. */
async function nodeOfOnlyPaymentsPod(request: APIRequestContext, cluster: string): Promise<string> {
  let nodes: string[] = [];
  await expect
    .poll(
      async () => {
        const answer = await request.get(`/api/v3/clusters/${cluster}/pods`, { params: { namespace: "payments", limit: 500 } });
        const pods = ((await answer.json()) as { items: PodRow[] }).items;
        nodes = pods.filter((pod) => pod.owner.startsWith("ReplicaSet/payments-api-")).map((pod) => `${pod.node}:${pod.status}`);
        return nodes;
      },
      { ...SETTLED, message: "payments-api to run one pod" },
    )
    .toEqual([expect.stringMatching(/:Running$/)]);
  return nodes[0]!.split(":")[0]!;
}

async function scale(page: Page, cluster: string, namespace: string, name: string, from: number, to: number): Promise<void> {
  await page.goto(`/deployments/${cluster}/${namespace}/${name}`);
  const dialog = await openAction(page, "scale");
  await expect(dialog.getByLabel("Replicas")).toHaveValue(String(from));
  await dialog.getByLabel("Replicas").fill(String(to));
  await dialog.getByTestId("action-preview").click();
  await expect(dialog.getByTestId("change-replicas")).toHaveText(`Replicas: ${from} → ${to}`);
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);
}

test("drain a node: blocked by a PodDisruptionBudget, allowed once its workload is scaled up", async ({ page }) => {
  test.setTimeout(240_000);
  await login(page);
  const cluster = await clusterId(page.request);
  const budgetPage = `/poddisruptionbudgets/${cluster}/payments/payments-api`;

  // payments-api's budget keeps one pod available: at one replica it allows no eviction.
  await scale(page, cluster, "payments", "payments-api", 2, 1);
  await page.goto(budgetPage);
  await expect(page.getByTestId("field-allowedDisruptions")).toHaveText("0", SETTLED);
  const node = await nodeOfOnlyPaymentsPod(page.request, cluster);

  await page.goto(`/nodes/${cluster}/${node}`);
  let dialog = await openAction(page, "drain");
  await expect(dialog.getByLabel("Ignore pods managed by a DaemonSet")).toBeChecked();
  await dialog.getByLabel("Give up after (seconds)").fill("5");
  await dialog.getByTestId("action-preview").click();
  await expect(dialog.getByTestId("drain-blocked")).toContainText(/payments\/payments-api-\S+: blocked by PodDisruptionBudget payments-api/);
  await expect(dialog.getByTestId("drain-skipped")).toContainText("managed by a DaemonSet");
  await page.screenshot({ path: screenshotPath("ops-drain-blocked-preview.png") });

  // Confirmed anyway: the drain cordons, evicts what it may, then stops and names the budget.
  await dialog.getByTestId("action-confirm").click();
  const result = dialog.getByTestId("action-result");
  await expect(result).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
  await expect(result).toContainText(`drain of ${node} stopped after 5s`);
  await expect(result.getByTestId("drain-blocked")).toContainText("blocked by PodDisruptionBudget payments-api");
  await page.screenshot({ path: screenshotPath("ops-drain-blocked-result.png") });
  await closeDialog(page, dialog);
  await expect(page.getByTestId("action-uncordon")).toBeVisible(SETTLED);

  // A second replica (placed elsewhere: this node is cordoned) gives the budget room.
  await scale(page, cluster, "payments", "payments-api", 1, 2);
  await page.goto(budgetPage);
  await expect(page.getByTestId("field-allowedDisruptions")).toHaveText("1", SETTLED);

  await page.goto(`/nodes/${cluster}/${node}`);
  dialog = await openAction(page, "drain");
  await dialog.getByTestId("action-preview").click();
  await expect(dialog.getByTestId("action-preview-result")).toHaveAttribute("data-status", "success");
  await expect(dialog.getByTestId("action-preview-result")).not.toContainText("PodDisruptionBudget payments-api");
  await confirmAndExpectDone(dialog);
  await expect(dialog.getByTestId("action-result")).toContainText(/pods? (was|were) evicted/);
  await page.screenshot({ path: screenshotPath("ops-drain-done.png") });
  await closeDialog(page, dialog);

  dialog = await openAction(page, "uncordon");
  await confirmAndExpectDone(dialog);
  await closeDialog(page, dialog);
  await expect(page.getByTestId("action-cordon")).toBeVisible(SETTLED);
});

test("delete an object once its name is typed", async ({ page }) => {
  const kubeconfig = path.join(dataDir(), "kubeconfig");
  // `kubectl apply` sends JSON, which the sim decodes (`kubectl create` would send protobuf).
  execFileSync(process.env.KUBECTL ?? "kubectl", ["--kubeconfig", kubeconfig, "apply", "-f", "-"], {
    input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: e2e-doomed, namespace: default}\ndata: {a: '1'}\n",
    stdio: "pipe",
    timeout: 30_000,
  });
  await login(page);
  const cluster = await clusterId(page.request);
  await page.goto(`/configmaps/${cluster}/default/e2e-doomed`);
  await expect(page.getByTestId("detail-title")).toHaveText("e2e-doomed", SETTLED);

  const dialog = await openAction(page, "delete");
  await expect(dialog.getByTestId("change-deleted")).toHaveText("ConfigMap default/e2e-doomed will be deleted.");
  await expect(dialog.getByTestId("action-confirm")).toBeDisabled();
  await dialog.getByLabel("Type e2e-doomed to confirm").fill("e2e-doome");
  await expect(dialog.getByTestId("action-confirm")).toBeDisabled();
  await dialog.getByLabel("Type e2e-doomed to confirm").fill("e2e-doomed");
  await page.screenshot({ path: screenshotPath("ops-delete-confirm.png") });
  await confirmAndExpectDone(dialog);
  await expect(dialog.getByTestId("change-deleted")).toHaveText("ConfigMap default/e2e-doomed was deleted.");
  await closeDialog(page, dialog);
  await expect(page.getByTestId("detail-not-found")).toBeVisible(SETTLED);
});

test("a viewer sees no operations, and the server refuses a viewer's change", async ({ page, browser }, testInfo) => {
  await login(page);
  const cluster = await clusterId(page.request);
  const viewer = { username: "e2e-viewer", password: "viewer-password-1", role: "viewer" };
  const created = await page.request.post("/api/v3/users", { data: viewer });
  expect(created.status(), await created.text()).toBe(201);

  // An operator's page has the buttons…
  await page.goto(`/deployments/${cluster}/shop/cart`);
  await expect(page.getByTestId("action-scale")).toBeVisible(SETTLED);

  // …a viewer's does not.
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: "en-US" });
  const viewerPage = await context.newPage();
  await login(viewerPage, viewer.password, viewer.username);
  await viewerPage.goto(`/deployments/${cluster}/shop/cart`);
  await expect(viewerPage.getByTestId("detail-title")).toHaveText("cart");
  await expect(viewerPage.getByTestId("field-replicas")).toBeVisible(SETTLED);
  await expect(viewerPage.getByTestId("resource-actions")).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: "Scale" })).toHaveCount(0);
  await viewerPage.screenshot({ path: screenshotPath("ops-viewer-no-actions.png") });

  const refused = await viewerPage.request.post("/api/v3/commands", {
    data: {
      clusterId: cluster,
      action: "scale",
      target: { kind: "Deployment", namespace: "shop", name: "cart" },
      params: { replicas: 1 },
      dryRun: true,
    },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("operator");
  await context.close();
});
