import { Route } from "react-router";
import { NodesPage } from "../features/nodes/NodesPage";
import { PodsPage } from "../features/pods/PodsPage";

/** The list and detail pages of every Kubernetes kind. */
export function resourceRoutes() {
  return (
    <>
      <Route path="pods" element={<PodsPage />} />
      <Route path="nodes" element={<NodesPage />} />
    </>
  );
}
