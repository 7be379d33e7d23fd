import { Route } from "react-router";
import { HostDetailPage } from "../features/hosts/HostDetailPage";
import { HostsPage } from "../features/hosts/HostsPage";

/** The hosts pages: `/hosts` and `/hosts/{hostId}`. */
export function hostRoutes() {
  return (
    <Route path="hosts">
      <Route index element={<HostsPage />} />
      <Route path=":hostId" element={<HostDetailPage />} />
    </Route>
  );
}
