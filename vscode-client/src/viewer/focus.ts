/**
 * The focus view: one object and everything within k reference/link hops of it.
 *
 * Objects are taken at the level the opening view shows them: a reference from an
 * ElectricalSeries' `electrodes` dataset is the ElectricalSeries' reference, so the
 * ends of every relation are lifted to their nearest typed holder (or stay as they
 * are when nothing typed holds them), and the focused object speaks for everything
 * under it. Hops follow relations both ways. Pure: no DOM.
 */

import { ancestry, type GraphIndex, isTyped } from "./graphIndex";
import { nodeClasses, nodeLines, relationEdges, type View } from "./view";

/** The nearest typed object holding `id` (itself included), or `id`. */
export function typedHolder(index: GraphIndex, id: string): string {
  return ancestry(index, id).find((at) => isTyped(index.nodes.get(at))) ?? id;
}

/** Each focus member's distance (0: the focused object), in discovery order. */
export function neighbourhood(index: GraphIndex, id: string, hops: number): Map<string, number> {
  const inFocus = (x: string): boolean => ancestry(index, x).includes(id);
  const lift = (x: string): string => (inFocus(x) ? id : typedHolder(index, x));
  const adjacent = new Map<string, Set<string>>();
  for (const r of index.relations) {
    const [a, b] = [lift(r.source), lift(r.target)];
    if (a === b) continue;
    if (!adjacent.has(a)) adjacent.set(a, new Set());
    if (!adjacent.has(b)) adjacent.set(b, new Set());
    adjacent.get(a)!.add(b);
    adjacent.get(b)!.add(a);
  }
  const distance = new Map([[id, 0]]);
  let ring = [id];
  for (let d = 1; d <= hops && ring.length; d++) {
    const next: string[] = [];
    for (const at of ring) {
      const around = [...(adjacent.get(at) ?? [])].sort(
        (a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0),
      );
      for (const other of around) {
        if (distance.has(other)) continue;
        distance.set(other, d);
        next.push(other);
      }
    }
    ring = next;
  }
  return distance;
}

export function focusView(index: GraphIndex, id: string, hops: number): View {
  const members = neighbourhood(index, id, hops);
  const nodes = [...members].map(([member, ring]) => ({
    id: member,
    lines: nodeLines(index, member, false, true),
    kind: "leaf" as const,
    classes: [...nodeClasses(index, member), ...(ring === 0 ? ["focused"] : [])],
    ring,
  }));
  const inFocus = (x: string): boolean => ancestry(index, x).includes(id);
  const drawnAs = (x: string): string | undefined => {
    const lifted = inFocus(x) ? id : typedHolder(index, x);
    return members.has(lifted) ? lifted : undefined;
  };
  return { nodes, edges: relationEdges(index, drawnAs), focus: { id, hops } };
}
