/**
 * URLs of the observability pages. List pages read the cluster chosen in the header (a
 * `?cluster=` switches it, so links between pages keep their cluster); detail pages carry it.
 */
const enc = encodeURIComponent;

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export const APM_PATH = "/apm";
export const TRACES_PATH = "/traces";
export const LOG_EXPLORER_PATH = "/log-explorer";
export const NODE_HARDWARE_PATH = "/node-hardware";
export const SLO_PATH = "/slo";

/** A list page, switched to `cluster` (the way back from a detail page). */
export function listPath(path: string, cluster: string): string {
  return withQuery(path, { cluster });
}

export function apmServicePath(cluster: string, service: string, range?: string): string {
  return withQuery(`${APM_PATH}/${enc(cluster)}/${enc(service)}`, { range });
}

export function tracePath(cluster: string, traceId: string, spanId?: string): string {
  return withQuery(`${TRACES_PATH}/${enc(cluster)}/${enc(traceId)}`, { span: spanId });
}

export function tracesPath(cluster: string, filters: { service?: string; operation?: string; status?: string; range?: string }): string {
  return withQuery(TRACES_PATH, { cluster, ...filters });
}

export function logsPath(cluster: string, filters: { traceId?: string; service?: string; q?: string; range?: string }): string {
  return withQuery(LOG_EXPLORER_PATH, { cluster, ...filters });
}

export function nodeHardwarePath(cluster: string, node: string): string {
  return `${NODE_HARDWARE_PATH}/${enc(cluster)}/${enc(node)}`;
}

export function sloDetailPath(cluster: string, kind: string, name: string): string {
  return withQuery(`${SLO_PATH}/${enc(cluster)}/detail`, { kind, name });
}
