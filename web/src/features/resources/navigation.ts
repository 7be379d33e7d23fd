/** Side-navigation entries for the Kubernetes kinds, grouped as operators think of them. */
import { KINDS, PLURALS, type NavGroupId } from "./kinds";
import { listPath } from "./paths";

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

const GROUPS: NavGroupId[] = ["cluster", "workloads", "network", "storage", "configuration", "policy"];

export const RESOURCE_NAV: NavGroup[] = GROUPS.map((group) => ({
  title: `nav.groups.${group}`,
  entries: PLURALS.filter((plural) => KINDS[plural].nav === group).map((plural) => ({
    to: listPath(plural),
    label: `kinds.${plural}.title`,
    testId: `nav-${plural}`,
  })),
}));
