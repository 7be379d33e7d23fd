import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { apiError, json, mockFetch, type Call } from "../../test/render";
import { ResourceActions } from "./ResourceActions";
import { commandBody, commandPosts, finished, renderWithApi } from "./testing";

const DEPLOYMENT = { name: "web", namespace: "shop", replicas: 3, revision: "2", images: ["nginx:1.27"] };

function me(role: string) {
  return () => json({ username: "alice", role });
}

function renderActions(kind: string, object: unknown, name = "web", namespace = "shop") {
  return renderWithApi(<ResourceActions cluster="c1" kind={kind} namespace={namespace} name={name} object={object} />);
}

describe("ResourceActions", () => {
  it("offers the Deployment's operations to an operator", async () => {
    mockFetch({ "GET /api/v3/auth/me": me("operator") });
    renderActions("Deployment", DEPLOYMENT);
    const group = await screen.findByRole("group", { name: "Operations" });
    expect(within(group).getAllByRole("button").map((button) => button.textContent)).toEqual([
      "Scale",
      "Restart",
      "Roll back",
      "Update image",
      "Delete",
    ]);
  });

  it("offers uncordon for a cordoned node and cordon for a schedulable one", async () => {
    mockFetch({ "GET /api/v3/auth/me": me("admin") });
    const { unmount } = renderActions("Node", { name: "worker-1", unschedulable: true }, "worker-1", "");
    expect(await screen.findByTestId("action-uncordon")).toBeInTheDocument();
    expect(screen.getByTestId("action-drain")).toBeInTheDocument();
    expect(screen.queryByTestId("action-cordon")).not.toBeInTheDocument();
    unmount();
    renderActions("Node", { name: "worker-1", unschedulable: false }, "worker-1", "");
    expect(await screen.findByTestId("action-cordon")).toBeInTheDocument();
  });

  it("shows nothing to a viewer", async () => {
    const calls = mockFetch({ "GET /api/v3/auth/me": me("viewer") });
    renderActions("Deployment", DEPLOYMENT);
    await waitFor(() => expect(calls.some((call) => call.url.pathname === "/api/v3/auth/me")).toBe(true));
    // Let the session query settle before checking that nothing rendered.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId("resource-actions")).not.toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("scales: previews the dry run first, then confirms and refreshes the cached state", async () => {
    const calls = mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      // The first answer is still pending; the long-poll brings the result.
      "POST /api/v3/commands": (call) => {
        const request = commandBody(call);
        return json({ ...request, id: "cmd-1", status: "pending", result: null, createdAt: "2025-06-01T12:00:00Z" }, 201);
      },
      "GET /api/v3/commands/cmd-1": () => {
        const posted = commandPosts(calls).at(-1)!;
        return finished(posted, "success", { replicas: { from: 3, to: 5 }, dryRun: posted.dryRun });
      },
    });
    const user = userEvent.setup();
    const { queryClient } = renderActions("Deployment", DEPLOYMENT);
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");

    await user.click(await screen.findByTestId("action-scale"));
    const dialog = screen.getByRole("dialog", { name: "Scale Deployment shop/web" });
    const replicas = within(dialog).getByLabelText("Replicas");
    expect(replicas).toHaveValue(3);
    expect(replicas).toHaveFocus();
    expect(within(dialog).queryByTestId("action-confirm")).not.toBeInTheDocument();

    await user.clear(replicas);
    await user.type(replicas, "5");
    await user.click(within(dialog).getByRole("button", { name: "Preview (dry run)" }));
    expect(await within(dialog).findByText("Replicas: 3 → 5")).toBeInTheDocument();
    expect(commandPosts(calls)).toEqual([
      expect.objectContaining({
        clusterId: "c1",
        action: "scale",
        target: { kind: "Deployment", namespace: "shop", name: "web" },
        params: { replicas: 5 },
        dryRun: true,
        source: "ui",
      }),
    ]);
    const poll = calls.find((call) => call.url.pathname === "/api/v3/commands/cmd-1")!;
    expect(poll.url.searchParams.get("wait")).toBe("20");
    expect(invalidate).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole("button", { name: "Confirm: Scale" }));
    expect(await within(dialog).findByText("Done.")).toBeInTheDocument();
    expect(commandPosts(calls).at(-1)).toEqual(expect.objectContaining({ action: "scale", params: { replicas: 5 }, dryRun: false }));
    expect(within(dialog).getByTestId("action-result")).toHaveTextContent("Replicas: 3 → 5");
    expect(invalidate).toHaveBeenCalled();
  });

  it("asks for a new preview when an input changes after one", async () => {
    mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "POST /api/v3/commands": (call) => finished(commandBody(call), "success", { replicas: { from: 3, to: 4 }, dryRun: true }),
    });
    const user = userEvent.setup();
    renderActions("Deployment", DEPLOYMENT);
    await user.click(await screen.findByTestId("action-scale"));
    const replicas = screen.getByLabelText("Replicas");
    await user.clear(replicas);
    await user.type(replicas, "4");
    await user.click(screen.getByTestId("action-preview"));
    expect(await screen.findByTestId("action-confirm")).toBeEnabled();
    await user.type(replicas, "0");
    expect(screen.queryByTestId("action-confirm")).not.toBeInTheDocument();
    expect(screen.getByTestId("action-preview")).toBeEnabled();
  });

  it("shows a failed dry run in words and offers no confirm", async () => {
    mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "GET /api/v3/clusters/c1/replicasets": () => json({ items: [], total: 0, limit: 500, offset: 0 }),
      "POST /api/v3/commands": (call) =>
        finished(commandBody(call), "failed", null, "deployment web has no previous revision to go back to"),
    });
    const user = userEvent.setup();
    renderActions("Deployment", DEPLOYMENT);
    await user.click(await screen.findByTestId("action-rollback"));
    await user.click(screen.getByTestId("action-preview"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The dry run failed: deployment web has no previous revision to go back to",
    );
    expect(screen.queryByTestId("action-confirm")).not.toBeInTheDocument();
  });

  it("shows the server's refusal, such as a missing role", async () => {
    mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "POST /api/v3/commands": () => apiError(403, "forbidden", "restart needs the operator role; you are viewer"),
    });
    const user = userEvent.setup();
    renderActions("Deployment", DEPLOYMENT);
    await user.click(await screen.findByTestId("action-restart"));
    // Restart has nothing to fill in, so its dry run starts at once.
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The command could not be run: restart needs the operator role; you are viewer",
    );
  });

  it("rolls back to a chosen revision, showing the images it brings back", async () => {
    const calls = mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "GET /api/v3/clusters/c1/replicasets": () =>
        json({
          items: [
            { revision: "2", images: "nginx:1.27" },
            { revision: "1", images: "nginx:1.26" },
          ],
          total: 2,
          limit: 500,
          offset: 0,
        }),
      "POST /api/v3/commands": (call) =>
        finished(commandBody(call), "success", {
          revision: { from: 2, to: 1 },
          images: { from: ["nginx:1.27"], to: ["nginx:1.26"] },
          dryRun: true,
        }),
    });
    const user = userEvent.setup();
    renderActions("Deployment", DEPLOYMENT);
    await user.click(await screen.findByTestId("action-rollback"));
    const select = screen.getByLabelText("Revision to go back to");
    await screen.findByRole("option", { name: "Revision 1: nginx:1.26" });
    expect(screen.queryByRole("option", { name: /Revision 2/ })).not.toBeInTheDocument();
    expect(select).toHaveValue("");
    await user.selectOptions(select, "1");
    await user.click(screen.getByTestId("action-preview"));
    expect(await screen.findByText("Revision: 2 → 1")).toBeInTheDocument();
    expect(screen.getByText("Images: nginx:1.27 → nginx:1.26")).toBeInTheDocument();
    const replicasets = calls.find((call) => call.url.pathname.endsWith("/replicasets"))!;
    expect(replicasets.url.searchParams.get("owner")).toBe("Deployment/web");
    expect(commandPosts(calls).at(-1)?.params).toEqual({ revision: 1 });
  });

  it("prefills the image of the chosen container from the live object", async () => {
    const calls = mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "POST /api/v3/commands": (call) => {
        const request = commandBody(call);
        if (request.action === "dynamic") {
          return finished(request, "success", {
            spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }, { name: "sidecar", image: "envoy:1.30" }] } } },
          });
        }
        return finished(request, "success", { container: "sidecar", image: { from: "envoy:1.30", to: "envoy:1.31" }, dryRun: true });
      },
    });
    const user = userEvent.setup();
    renderActions("Deployment", DEPLOYMENT);
    await user.click(await screen.findByTestId("action-update_image"));
    const image = await screen.findByLabelText("Image");
    expect(image).toHaveValue("nginx:1.27");
    await user.selectOptions(screen.getByLabelText("Container"), "sidecar");
    expect(image).toHaveValue("envoy:1.30");
    expect(screen.getByTestId("action-preview")).toBeDisabled();
    await user.clear(image);
    await user.type(image, "envoy:1.31");
    await user.click(screen.getByTestId("action-preview"));
    expect(await screen.findByText("Image of sidecar: envoy:1.30 → envoy:1.31")).toBeInTheDocument();
    expect(commandPosts(calls)[0]).toEqual(
      expect.objectContaining({ action: "dynamic", params: { path: "/apis/apps/v1/namespaces/shop/deployments/web" } }),
    );
    expect(commandPosts(calls).at(-1)?.params).toEqual({ container: "sidecar", image: "envoy:1.31" });
  });

  it("drains: names the PodDisruptionBudget that blocks a pod, before and after confirming", async () => {
    const preview = {
      node: "worker-1",
      dryRun: true,
      wouldEvict: ["shop/cart-1", "shop/web-1"],
      blocked: [{ pod: "shop/web-2", podDisruptionBudget: "web" }],
      skipped: [{ pod: "kube-system/kube-proxy-abc", reason: "managed by a DaemonSet" }],
    };
    const progress = {
      node: "worker-1",
      cordoned: true,
      evicted: ["shop/cart-1", "shop/web-1"],
      skipped: [],
      blocked: [{ pod: "shop/web-2", reason: "Cannot evict pod as it would violate the pod's disruption budget." }],
    };
    const calls = mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "POST /api/v3/commands": (call) => {
        const request = commandBody(call);
        return request.dryRun
          ? finished(request, "success", preview)
          : finished(request, "failed", progress, "drain of worker-1 stopped after 5s with 1 pod(s) not evicted");
      },
    });
    const user = userEvent.setup();
    renderActions("Node", { name: "worker-1", unschedulable: false }, "worker-1", "");
    await user.click(await screen.findByTestId("action-drain"));
    expect(screen.getByLabelText("Ignore pods managed by a DaemonSet")).toBeChecked();
    const limit = screen.getByLabelText("Give up after (seconds)");
    await user.clear(limit);
    await user.type(limit, "5");
    await user.click(screen.getByTestId("action-preview"));

    expect(await screen.findByText("2 pods will be evicted:")).toBeInTheDocument();
    expect(screen.getByTestId("drain-blocked")).toHaveTextContent("shop/web-2: blocked by PodDisruptionBudget web");
    expect(screen.getByTestId("drain-skipped")).toHaveTextContent("kube-system/kube-proxy-abc (managed by a DaemonSet)");
    expect(commandPosts(calls)[0]).toEqual(
      expect.objectContaining({
        target: { kind: "Node", namespace: "", name: "worker-1" },
        params: { ignoreDaemonsets: true, deleteEmptydirData: true, timeoutSeconds: 5 },
        timeoutSeconds: 35,
      }),
    );

    await user.click(screen.getByRole("button", { name: "Confirm: Drain" }));
    const result = await screen.findByTestId("action-result");
    expect(result).toHaveAttribute("data-status", "failed");
    expect(result).toHaveTextContent("Failed: drain of worker-1 stopped after 5s with 1 pod(s) not evicted");
    expect(within(result).getByTestId("drain-blocked")).toHaveTextContent("shop/web-2: blocked by PodDisruptionBudget web");
    expect(result).toHaveTextContent("2 pods were evicted:");
  });

  it("deletes only after the name is typed, with the dry run done on open", async () => {
    const calls = mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "POST /api/v3/commands": (call) =>
        finished(commandBody(call), "success", {
          deleted: { kind: "ConfigMap", namespace: "shop", name: "web-config" },
          propagationPolicy: "Background",
          dryRun: commandBody(call).dryRun,
        }),
    });
    const user = userEvent.setup();
    renderActions("ConfigMap", {}, "web-config");
    await user.click(await screen.findByTestId("action-delete"));
    expect(await screen.findByText("ConfigMap shop/web-config will be deleted.")).toBeInTheDocument();
    const confirm = screen.getByRole("button", { name: "Confirm: Delete" });
    expect(confirm).toBeDisabled();
    await user.type(screen.getByLabelText("Type web-config to confirm"), "web-confi");
    expect(confirm).toBeDisabled();
    await user.type(screen.getByLabelText("Type web-config to confirm"), "g");
    await user.click(confirm);
    expect(await screen.findByText("ConfigMap shop/web-config was deleted.")).toBeInTheDocument();
    expect(commandPosts(calls).map((body) => body.dryRun)).toEqual([true, false]);
  });

  it("closes on Escape and gives focus back to its button", async () => {
    mockFetch({
      "GET /api/v3/auth/me": me("operator"),
      "POST /api/v3/commands": (call: Call) => finished(commandBody(call), "success", { unschedulable: { from: false, to: true } }),
    });
    const user = userEvent.setup();
    renderActions("Node", { name: "worker-1", unschedulable: false }, "worker-1", "");
    const button = await screen.findByTestId("action-cordon");
    await user.click(button);
    expect(await screen.findByText("Scheduling new pods: allowed → disabled (cordoned)")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
