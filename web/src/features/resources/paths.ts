/**
 * URLs of the resource pages, shared by every feature that links to an object (lists, related
 * objects, events, search). Cluster-scoped kinds have no namespace segment.
 */
export function listPath(plural: string): string {
  return `/${plural}`;
}

export function detailPath(plural: string, cluster: string, namespace: string, name: string): string {
  const parts = namespace ? [plural, cluster, namespace, name] : [plural, cluster, name];
  return `/${parts.map(encodeURIComponent).join("/")}`;
}
