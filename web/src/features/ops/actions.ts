/**
 * Which operations the UI offers for a kind, and what they read from the object the detail route
 * returns. The Master re-checks the role and the target kind of every command.
 */

export type ActionName = "scale" | "restart" | "rollback" | "update_image" | "delete" | "cordon" | "uncordon" | "drain";

const BY_KIND: Record<string, ActionName[]> = {
  Deployment: ["scale", "restart", "rollback", "update_image", "delete"],
  StatefulSet: ["scale", "restart", "update_image", "delete"],
  DaemonSet: ["restart", "update_image", "delete"],
  ReplicaSet: ["scale", "delete"],
};

/** Actions whose dialog has nothing to fill in, so the dry run starts as the dialog opens. */
export const PREVIEW_ON_OPEN: ReadonlySet<ActionName> = new Set(["restart", "cordon", "uncordon", "delete"]);

/** Kinds whose pod template `update_image` changes, and where the live object is read. */
const TEMPLATE_PLURALS: Record<string, string> = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
};

/** `object[key]`, for an object the detail route returned (its type depends on the kind). */
export function field(object: unknown, key: string): unknown {
  return typeof object === "object" && object !== null ? (object as Record<string, unknown>)[key] : undefined;
}

export function actionsFor(kind: string, object: unknown): ActionName[] {
  if (kind === "Node") return [field(object, "unschedulable") === true ? "uncordon" : "cordon", "drain"];
  return BY_KIND[kind] ?? ["delete"];
}

/** The API path of a workload's live object, for the read-only `dynamic` action. */
export function templatePath(kind: string, namespace: string, name: string): string | null {
  const plural = TEMPLATE_PLURALS[kind];
  return plural ? `/apis/apps/v1/namespaces/${namespace}/${plural}/${name}` : null;
}
