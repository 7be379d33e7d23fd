import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApiClient } from "./api/client";
import { App } from "./App";
import { applyTheme, storedTheme } from "./features/layout/theme";
import { createI18n } from "./i18n";
import "./index.css";
import { createQueryClient } from "./queryClient";

// Everything the app needs is built here, once, and handed down.
applyTheme(storedTheme());
const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App api={createApiClient()} queryClient={createQueryClient()} i18n={createI18n()} />
  </StrictMode>,
);
