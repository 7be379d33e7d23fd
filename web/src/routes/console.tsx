import { Navigate, Route } from "react-router";

/** Pages that are not one Kubernetes kind: overview, fleet, events, commands, audit, admin, settings. */
export function consoleRoutes() {
  return (
    <>
      <Route index element={<Navigate to="/pods" replace />} />
    </>
  );
}
