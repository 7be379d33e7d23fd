/** Placeholder until the operations work lands (session-internal; replaced before commit). */
export interface ResourceActionsProps {
  cluster: string;
  /** The Kubernetes Kind, e.g. "Deployment". */
  kind: string;
  namespace: string;
  name: string;
  /** The object as the detail route returns it (replicas, containers, unschedulable…). */
  object: unknown;
}

export function ResourceActions(_props: ResourceActionsProps) {
  return null;
}
