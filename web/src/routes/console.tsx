import { Navigate, Route } from "react-router";
import { ClustersAdminPage } from "../features/admin/ClustersAdminPage";
import { UsersPage } from "../features/admin/UsersPage";
import { AuditPage } from "../features/audit/AuditPage";
import { CommandsPage } from "../features/commands/CommandsPage";
import { EventsPage } from "../features/events/EventsPage";
import { FleetPage } from "../features/fleet/FleetPage";
import { RequireRole } from "../features/layout/RequireRole";
import { OverviewPage } from "../features/overview/OverviewPage";
import { SettingsPage } from "../features/settings/SettingsPage";

/** Pages that are not one Kubernetes kind: overview, fleet, events, commands, audit, admin, settings. */
export function consoleRoutes() {
  return (
    <>
      <Route index element={<Navigate to="/overview" replace />} />
      <Route path="overview" element={<OverviewPage />} />
      <Route path="fleet" element={<FleetPage />} />
      <Route path="events" element={<EventsPage />} />
      <Route path="commands" element={<CommandsPage />} />
      <Route
        path="audit"
        element={
          <RequireRole role="admin">
            <AuditPage />
          </RequireRole>
        }
      />
      <Route path="admin" element={<Navigate to="/admin/users" replace />} />
      <Route
        path="admin/users"
        element={
          <RequireRole role="admin">
            <UsersPage />
          </RequireRole>
        }
      />
      <Route
        path="admin/clusters"
        element={
          <RequireRole role="admin">
            <ClustersAdminPage />
          </RequireRole>
        }
      />
      <Route path="settings" element={<SettingsPage />} />
    </>
  );
}
