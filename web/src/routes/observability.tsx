import { lazy, Suspense, type ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { Route } from "react-router";

/** A page loaded the first time it is opened, so these pages stay out of the main bundle. */
function lazyPage(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="text-sm text-slate-500">
      {t("list.loading")}
    </p>
  );
}

const ApmPage = lazyPage(() => import("../features/observability/apm/ApmPage").then((m) => m.ApmPage));
const ServicePage = lazyPage(() => import("../features/observability/apm/ServicePage").then((m) => m.ServicePage));
const TracesPage = lazyPage(() => import("../features/observability/traces/TracesPage").then((m) => m.TracesPage));
const TracePage = lazyPage(() => import("../features/observability/traces/TracePage").then((m) => m.TracePage));
const LogExplorerPage = lazyPage(() => import("../features/observability/logs/LogExplorerPage").then((m) => m.LogExplorerPage));
const NodeHardwarePage = lazyPage(() => import("../features/observability/nodes/NodeHardwarePage").then((m) => m.NodeHardwarePage));
const NodeMetricsPage = lazyPage(() => import("../features/observability/nodes/NodeMetricsPage").then((m) => m.NodeMetricsPage));
const SloPage = lazyPage(() => import("../features/observability/slo/SloPage").then((m) => m.SloPage));
const SloDetailPage = lazyPage(() => import("../features/observability/slo/SloDetailPage").then((m) => m.SloDetailPage));

/**
 * The OpenTelemetry pages (APM, traces, log explorer, node hardware, SLOs). Lists follow the
 * cluster chosen in the header; detail pages carry their cluster in the path.
 */
export function observabilityRoutes() {
  return (
    <>
      <Route path="apm">
        <Route index element={<ApmPage />} />
        <Route path=":cluster/:service" element={<ServicePage />} />
      </Route>
      <Route path="traces">
        <Route index element={<TracesPage />} />
        <Route path=":cluster/:traceId" element={<TracePage />} />
      </Route>
      <Route path="log-explorer" element={<LogExplorerPage />} />
      <Route path="node-hardware">
        <Route index element={<NodeHardwarePage />} />
        <Route path=":cluster/:node" element={<NodeMetricsPage />} />
      </Route>
      <Route path="slo">
        <Route index element={<SloPage />} />
        <Route path=":cluster/detail" element={<SloDetailPage />} />
      </Route>
    </>
  );
}
