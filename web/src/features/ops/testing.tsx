/** Test helpers for components that run Agent commands (the dialogs here, the log viewer). */
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { I18nextProvider } from "react-i18next";
import type { Schemas } from "../../api/client";
import { createApiClient } from "../../api/client";
import { ApiProvider } from "../../api/context";
import { createI18n, type Language } from "../../i18n";
import { createQueryClient } from "../../queryClient";
import { json, type Call } from "../../test/render";

/** Render `ui` with the real API client, a fresh query client and i18n. */
export function renderWithApi(ui: ReactElement, language: Language = "en") {
  const queryClient = createQueryClient();
  const rendered = render(
    <I18nextProvider i18n={createI18n(language)}>
      <ApiProvider client={createApiClient()}>
        <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>,
  );
  return { ...rendered, queryClient };
}

/** The body of a recorded `POST /api/v3/commands`. */
export function commandBody(call: Call): Schemas["CommandCreate"] {
  return JSON.parse(call.body) as Schemas["CommandCreate"];
}

export function commandPosts(calls: Call[]): Schemas["CommandCreate"][] {
  return calls.filter((call) => call.method === "POST" && call.url.pathname === "/api/v3/commands").map(commandBody);
}

/** A finished command as the Master returns it, echoing `request`. */
export function finished(request: Schemas["CommandCreate"], status: string, output: unknown, error = ""): Response {
  const view: Schemas["CommandView"] = {
    id: "cmd-1",
    clusterId: request.clusterId,
    queue: "ops",
    action: request.action,
    target: request.target,
    params: request.params ?? {},
    source: "ui",
    createdBy: "alice",
    createdAt: "2025-06-01T12:00:00Z",
    timeoutSeconds: request.timeoutSeconds,
    dryRun: request.dryRun,
    status,
    deliveredAt: "2025-06-01T12:00:00Z",
    result: { status, output, error, startedAt: "2025-06-01T12:00:00Z", finishedAt: "2025-06-01T12:00:01Z" },
  };
  return json(view, 201);
}
