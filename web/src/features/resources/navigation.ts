/** Side-navigation entries for the Kubernetes kinds, grouped as operators think of them. */
export interface NavEntry {
  to: string;
  /** An i18n key. */
  label: string;
  testId: string;
}

export interface NavGroup {
  /** An i18n key. */
  title: string;
  entries: NavEntry[];
}

export const RESOURCE_NAV: NavGroup[] = [
  {
    title: "nav.groups.cluster",
    entries: [
      { to: "/nodes", label: "nav.nodes", testId: "nav-nodes" },
    ],
  },
  {
    title: "nav.groups.workloads",
    entries: [{ to: "/pods", label: "nav.pods", testId: "nav-pods" }],
  },
];
