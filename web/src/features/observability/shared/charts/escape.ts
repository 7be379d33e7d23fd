/** ECharts tooltips are HTML; names come from the cluster, so they are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** A tooltip: a bold title and "label: value" lines, all escaped. */
export function tooltipHtml(title: string, lines: [string, string][]): string {
  return [`<b>${escapeHtml(title)}</b>`, ...lines.map(([label, value]) => `${escapeHtml(label)}: ${escapeHtml(value)}`)].join("<br/>");
}
