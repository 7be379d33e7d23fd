/**
 * Where the nodes of a call graph go on screen: callers left of the services they call, as
 * Jaeger and SigNoz draw a service map. Only placement; the nodes and links are the Master's.
 */

export interface Placed {
  x: number;
  y: number;
}

const COLUMN = 240;
const ROW = 110;

/**
 * Each node's column is the length of the longest call chain that reaches it (cycles are cut
 * after as many steps as there are nodes); within a column nodes are sorted by name and centred.
 */
export function layeredLayout(ids: readonly string[], links: readonly { source: string; target: string }[]): Map<string, Placed> {
  const column = new Map(ids.map((id) => [id, 0]));
  const limit = ids.length - 1;
  for (let pass = 0; pass < ids.length; pass += 1) {
    let moved = false;
    for (const { source, target } of links) {
      if (source === target || !column.has(source) || !column.has(target)) continue;
      const wanted = Math.min(limit, (column.get(source) ?? 0) + 1);
      if ((column.get(target) ?? 0) < wanted) {
        column.set(target, wanted);
        moved = true;
      }
    }
    if (!moved) break;
  }
  const byColumn = new Map<number, string[]>();
  for (const id of [...ids].sort()) {
    const c = column.get(id) ?? 0;
    byColumn.set(c, [...(byColumn.get(c) ?? []), id]);
  }
  const placed = new Map<string, Placed>();
  for (const [c, members] of byColumn) {
    members.forEach((id, index) => placed.set(id, { x: c * COLUMN, y: (index - (members.length - 1) / 2) * ROW }));
  }
  return placed;
}

/** A link's width from its rate: 1 px for the quietest, up to 8 px for the busiest (square root). */
export function edgeWidth(rate: number, maxRate: number): number {
  if (!(maxRate > 0) || !(rate > 0)) return 1;
  return 1 + 7 * Math.sqrt(Math.min(1, rate / maxRate));
}
