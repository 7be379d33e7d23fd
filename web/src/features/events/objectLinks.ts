import { KINDS, pluralOf } from "../resources/kinds";
import { detailPath } from "../resources/paths";

/** Whether objects of `kind` live outside namespaces (nodes, namespaces, volumes, storage classes). */
export function isClusterScoped(kind: string): boolean {
  const plural = pluralOf(kind);
  return plural !== undefined && !KINDS[plural].namespaced;
}

/**
 * The detail page of the object an event (or a command) is about; null for kinds without a page.
 * Events about cluster-scoped objects live in a namespace ("default" for nodes), which the link
 * leaves out.
 */
export function objectPath(kind: string, cluster: string, namespace: string, name: string): string | null {
  const plural = pluralOf(kind);
  if (plural === undefined || KINDS[plural].nav === null || !name) return null;
  return detailPath(plural, cluster, KINDS[plural].namespaced ? namespace : "", name);
}
