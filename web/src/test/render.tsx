import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { I18nextProvider } from "react-i18next";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { vi } from "vitest";
import { createApiClient } from "../api/client";
import { ApiProvider } from "../api/context";
import { AppRoutes } from "../App";
import { createI18n, type Language } from "../i18n";
import { createQueryClient } from "../queryClient";

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function apiError(status: number, code: string, message: string): Response {
  return json({ error: { code, message, details: null } }, status);
}

/**
 * Replace `fetch` with `routes` keyed by "METHOD /path" (query string ignored); every request is
 * recorded in the returned list. An unknown route answers 404 in the Master's error shape.
 */
export function mockFetch(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const call: Call = { method: request.method, url, headers: request.headers, body: await request.text() };
      calls.push(call);
      const handler = routes[`${request.method} ${decodeURIComponent(url.pathname)}`];
      return handler ? handler(call) : apiError(404, "not_found", `no mock for ${request.method} ${url.pathname}`);
    }),
  );
  return calls;
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Render the whole app at `route`, with the real client, query client and i18n. */
export function renderApp(route: string, language: Language = "en") {
  const queryClient = createQueryClient();
  const i18n = createI18n(language);
  const ui: ReactElement = (
    <I18nextProvider i18n={i18n}>
      <ApiProvider client={createApiClient()}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[route]}>
            <AppRoutes />
            <Routes>
              <Route path="*" element={<LocationProbe />} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>
  );
  return { ...render(ui), queryClient, i18n };
}

export function withI18n(ui: ReactElement, language: Language = "en") {
  return render(<I18nextProvider i18n={createI18n(language)}>{ui}</I18nextProvider>);
}
