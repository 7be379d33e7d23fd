/** Placeholder until the log viewer lands (session-internal; replaced before commit). */
export interface PodLogsProps {
  cluster: string;
  namespace: string;
  pod: string;
  containers: string[];
}

export function PodLogs(_props: PodLogsProps) {
  return null;
}
