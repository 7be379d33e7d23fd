import { Route } from "react-router";
import { KINDS, PLURALS } from "../features/resources/kinds";
import { ResourceDetailPage } from "../features/resources/ResourceDetailPage";
import { ResourceListPage } from "../features/resources/ResourceListPage";

/**
 * The list and detail pages of every Kubernetes kind in the catalogue: `/{plural}`, and
 * `/{plural}/{cluster}/{namespace}/{name}` (or `/{plural}/{cluster}/{name}` when cluster-scoped).
 * Kinds kept off the navigation (events, which have their own page) get no routes here.
 */
export function resourceRoutes() {
  return PLURALS.filter((plural) => KINDS[plural].nav !== null).map((plural) => (
    <Route key={plural} path={plural}>
      <Route index element={<ResourceListPage key={plural} plural={plural} />} />
      <Route
        path={KINDS[plural].namespaced ? ":cluster/:namespace/:name" : ":cluster/:name"}
        element={<ResourceDetailPage key={plural} plural={plural} />}
      />
    </Route>
  ));
}
