import type { NavEntry, NavGroup } from "../resources/navigation";
import type { Role } from "./roles";

/** A console entry may need a role; the side navigation hides it from users without it. */
export interface ConsoleNavEntry extends NavEntry {
  role?: Role;
}

export interface ConsoleNavGroup extends NavGroup {
  entries: ConsoleNavEntry[];
}

/** Side-navigation groups above the Kubernetes kinds (overview, fleet, events; observability). */
export const CONSOLE_NAV_TOP: ConsoleNavGroup[] = [
  {
    title: "console.nav.groups.observe",
    entries: [
      { to: "/overview", label: "console.nav.overview", testId: "nav-overview" },
      { to: "/fleet", label: "console.nav.fleet", testId: "nav-fleet" },
      { to: "/hosts", label: "hosts.nav", testId: "nav-hosts" },
      { to: "/events", label: "console.nav.events", testId: "nav-events" },
    ],
  },
  {
    title: "observability.nav.group",
    entries: [
      { to: "/apm", label: "observability.nav.apm", testId: "nav-apm" },
      { to: "/traces", label: "observability.nav.traces", testId: "nav-traces" },
      { to: "/log-explorer", label: "observability.nav.logs", testId: "nav-log-explorer" },
      { to: "/node-hardware", label: "observability.nav.nodes", testId: "nav-node-hardware" },
      { to: "/slo", label: "observability.nav.slo", testId: "nav-slo" },
    ],
  },
];

/** Side-navigation groups below the Kubernetes kinds (commands, audit, admin, settings). */
export const CONSOLE_NAV_BOTTOM: ConsoleNavGroup[] = [
  {
    title: "console.nav.groups.operations",
    entries: [
      { to: "/commands", label: "console.nav.commands", testId: "nav-commands" },
      { to: "/audit", label: "console.nav.audit", testId: "nav-audit", role: "admin" },
    ],
  },
  {
    title: "console.nav.groups.admin",
    entries: [
      { to: "/admin/users", label: "console.nav.users", testId: "nav-admin-users", role: "admin" },
      { to: "/admin/clusters", label: "console.nav.clusters", testId: "nav-admin-clusters", role: "admin" },
    ],
  },
  {
    title: "console.nav.groups.account",
    entries: [{ to: "/settings", label: "console.nav.settings", testId: "nav-settings" }],
  },
];
