/**
 * What an Agent action's output says, read defensively: the API types `output` as unknown because
 * each action returns its own shape (agent/commands/*.py). The dialog renders these summaries.
 */
import { field } from "./actions";

export interface Change {
  subject: "replicas" | "image" | "revision" | "images" | "unschedulable";
  from: string;
  to: string;
  container?: string;
}

export interface BlockedPod {
  pod: string;
  /** The PodDisruptionBudget that refuses the eviction, when known. */
  budget: string;
  /** The API server's refusal, from a real drain. */
  reason: string;
}

export interface Summary {
  changes: Change[];
  /** Pods a drain would evict (dry run) or did evict. */
  evicted: string[];
  blocked: BlockedPod[];
  skipped: { pod: string; reason: string }[];
  /** "Deployment shop/web" when the object is (or would be) deleted. */
  deleted: string | null;
  /** The restartedAt stamp a restart sets on the pod template. */
  restartedAt: string | null;
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(", ");
  return value === undefined || value === null ? "" : String(value);
}

function records(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function change(output: unknown, key: string, subject: Change["subject"]): Change[] {
  const pair = field(output, key);
  if (pair === undefined) return [];
  return [{ subject, from: text(field(pair, "from")), to: text(field(pair, "to")) }];
}

/** PodDisruptionBudgets by pod, from a drain's dry-run output. */
export function budgetsByPod(output: unknown): Map<string, string> {
  return new Map(
    records(field(output, "blocked"))
      .map((item) => [text(field(item, "pod")), text(field(item, "podDisruptionBudget"))] as const)
      .filter(([, budget]) => budget !== ""),
  );
}

/**
 * Summarise `output`; `budgets` names the PodDisruptionBudget of pods a real drain could not
 * evict (its refusals do not name the budget, the dry run before it did).
 */
export function summarize(output: unknown, budgets: Map<string, string> = new Map()): Summary {
  const changes = [...change(output, "replicas", "replicas"), ...change(output, "revision", "revision")];
  const image = change(output, "image", "image");
  changes.push(...image.map((c) => ({ ...c, container: text(field(output, "container")) })));
  changes.push(...change(output, "images", "images"), ...change(output, "unschedulable", "unschedulable"));

  const deleted = field(output, "deleted");
  const target = deleted === undefined ? null : [field(deleted, "namespace"), field(deleted, "name")].filter(Boolean).join("/");
  const annotations = field(field(field(field(field(output, "patch"), "spec"), "template"), "metadata"), "annotations");
  const restartedAt = field(annotations, "kubectl.kubernetes.io/restartedAt");

  return {
    changes,
    evicted: records(field(output, "wouldEvict") ?? field(output, "evicted")).map(text),
    blocked: records(field(output, "blocked")).map((item) => {
      const pod = text(field(item, "pod"));
      return { pod, budget: text(field(item, "podDisruptionBudget")) || budgets.get(pod) || "", reason: text(field(item, "reason")) };
    }),
    skipped: records(field(output, "skipped")).map((item) => ({ pod: text(field(item, "pod")), reason: text(field(item, "reason")) })),
    deleted: target === null ? null : `${text(field(deleted, "kind"))} ${target}`,
    restartedAt: restartedAt === undefined ? null : text(restartedAt),
  };
}
