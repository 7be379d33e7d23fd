import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { i18n } from "i18next";
import { I18nextProvider } from "react-i18next";
import { BrowserRouter, Route, Routes } from "react-router";
import type { ApiClient } from "./api/client";
import { ApiProvider } from "./api/context";
import { LoginPage } from "./features/auth/LoginPage";
import { RequireAuth } from "./features/auth/RequireAuth";
import { AppShell } from "./features/layout/AppShell";
import { NotFound } from "./features/layout/NotFound";
import { consoleRoutes } from "./routes/console";
import { hostRoutes } from "./routes/hosts";
import { observabilityRoutes } from "./routes/observability";
import { resourceRoutes } from "./routes/resources";

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        {consoleRoutes()}
        {resourceRoutes()}
        {hostRoutes()}
        {observabilityRoutes()}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

interface Props {
  api: ApiClient;
  queryClient: QueryClient;
  i18n: i18n;
}

export function App({ api, queryClient, i18n }: Props) {
  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider client={api}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>
  );
}
