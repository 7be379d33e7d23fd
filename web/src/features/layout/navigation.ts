import type { NavGroup } from "../resources/navigation";

/** Side-navigation groups above the Kubernetes kinds (overview, fleet, events). */
export const CONSOLE_NAV_TOP: NavGroup[] = [];

/** Side-navigation groups below the Kubernetes kinds (commands, audit, admin, settings). */
export const CONSOLE_NAV_BOTTOM: NavGroup[] = [];
