/**
 * What the viewer draws: the part of the containment tree that is open.
 *
 * A view opens at the level of typed objects (neurodata types): the root and the
 * untyped groups on the way to typed (or linked, external, missing) objects are open
 * boxes; typed objects are closed boxes saying how much they hold. An open group
 * shows its children a page at a time (typed and referenced ones first, then file
 * order) and one "+N more" stand-in for the rest, so a group of 1,000 TimeSeries
 * draws 41 nodes. References and links between hidden objects are drawn between
 * what stands for them, merged and counted. Containment is drawn by nesting, not
 * by edges. Pure and deterministic: the same graph and state give the same view.
 */

import { type GraphIndex, isBroken, isTyped } from "./graphIndex";

export const PAGE = 40;
export const MORE = "\u2026more:";

export interface ViewNode {
  id: string;
  /** The open group drawn around it, if any. */
  parent?: string;
  lines: string[];
  kind: "leaf" | "group" | "more";
  classes: string[];
  /** The focus view's distance from the focused object (0: itself). */
  ring?: number;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  kind: "reference" | "link";
  label: string;
  broken: boolean;
}

export interface View {
  nodes: ViewNode[];
  edges: ViewEdge[];
  focus?: { id: string; hops: number };
}

export interface OpenState {
  expanded: Set<string>;
  /** How many pages of children an open group shows (1 when absent). */
  pages: Map<string, number>;
}

export function name(id: string): string {
  if (id === "/" || !id.includes("/")) return id;
  return id.slice(id.lastIndexOf("/") + 1) || id;
}

/** Objects worth opening a view at: typed, or ends of links, or broken. */
function landmark(index: GraphIndex, id: string): boolean {
  const node = index.nodes.get(id);
  const kind = node?.kind;
  return (
    isTyped(node) ||
    kind === "external" ||
    kind === "missing" ||
    kind === "soft_link" ||
    kind === "external_link"
  );
}

export function initialState(index: GraphIndex): OpenState {
  const expanded = new Set<string>();
  const visit = (id: string): boolean => {
    let found = false;
    for (const child of index.children.get(id) ?? []) found = visit(child) || found;
    const top = !index.parent.get(id);
    if ((top || (found && !isTyped(index.nodes.get(id)))) && index.children.get(id)?.length) {
      expanded.add(id);
    }
    return found || landmark(index, id);
  };
  index.tops.forEach(visit);
  return { expanded, pages: new Map() };
}

/** A group's children in the order pages show them: typed and referenced first. */
export function ordered(index: GraphIndex, id: string): string[] {
  const rank = (child: string): number => {
    const referenced = (index.touching.get(child) ?? []).some((r) => r.target === child);
    return isTyped(index.nodes.get(child)) || referenced ? 0 : 1;
  };
  return [...(index.children.get(id) ?? [])].sort(
    (a, b) => rank(a) - rank(b) || index.order.get(a)! - index.order.get(b)!,
  );
}

export function shownChildren(index: GraphIndex, state: OpenState, id: string): string[] {
  return ordered(index, id).slice(0, PAGE * (state.pages.get(id) ?? 1));
}

export function nodeLines(index: GraphIndex, id: string, open: boolean, full = false): string[] {
  const node = index.nodes.get(id);
  const held = index.inside.get(id) ?? 0;
  const head = `${held ? (open ? "\u25be " : "\u25b8 ") : ""}${full ? id : name(id)}`;
  const type = isTyped(node) ? `<${String(node!.neurodata_type)}>` : "";
  if (open) return [type ? `${head}  ${type}` : head];
  const lines = [head];
  if (type) lines.push(type);
  if (node?.kind === "missing") lines.push("(missing)");
  else if (node?.kind === "external") lines.push("(in another file)");
  else if (node?.kind === "collapsed")
    lines.push(`(${String(node.hidden ?? "?")} objects left out)`);
  else if (node?.kind === "dataset" && Array.isArray(node.shape)) {
    const shape = node.shape.length ? `[${node.shape.join(", ")}]` : "scalar";
    lines.push(`${shape} ${String(node.dtype ?? "")}`.trim());
  }
  if (held) lines.push(`+${held} inside`);
  else if (typeof node?.hidden === "number" && node.kind !== "collapsed") {
    lines.push(`+${node.hidden} left out`); // by --max-nodes
  }
  return lines;
}

export function nodeClasses(index: GraphIndex, id: string): string[] {
  const node = index.nodes.get(id);
  const classes = [String(node?.kind ?? "object")];
  if (isTyped(node)) classes.push("typed");
  if (isBroken(node)) classes.push("broken");
  return classes;
}

export function treeView(index: GraphIndex, state: OpenState): View {
  const nodes: ViewNode[] = [];
  const shown = new Set<string>();
  const walk = (id: string, parent: string | undefined): void => {
    const open = state.expanded.has(id) && (index.children.get(id)?.length ?? 0) > 0;
    nodes.push({
      id,
      parent,
      lines: nodeLines(index, id, open),
      kind: open ? "group" : "leaf",
      classes: nodeClasses(index, id),
    });
    shown.add(id);
    if (!open) return;
    const children = shownChildren(index, state, id);
    for (const child of children) walk(child, id);
    const rest = (index.children.get(id)?.length ?? 0) - children.length;
    if (rest > 0) {
      nodes.push({
        id: MORE + id,
        parent: id,
        lines: [`+${rest} more`, `(show ${Math.min(rest, PAGE)} more)`],
        kind: "more",
        classes: ["more"],
      });
    }
  };
  for (const top of index.tops) walk(top, undefined);
  return { nodes, edges: relationEdges(index, (id) => standIn(index, state, shown, id)) };
}

/** What is drawn for `id`: itself, the closed box holding it, or a "+N more". */
function standIn(index: GraphIndex, state: OpenState, shown: Set<string>, id: string): string {
  let below: string | undefined;
  for (let at: string | undefined = id; at !== undefined; at = index.parent.get(at)) {
    if (shown.has(at)) return below !== undefined && state.expanded.has(at) ? MORE + at : at;
    below = at;
  }
  return id;
}

/** Relations between what stands for their ends, merged, without loops. */
export function relationEdges(
  index: GraphIndex,
  drawnAs: (id: string) => string | undefined,
): ViewEdge[] {
  const merged = new Map<string, ViewEdge & { labels: string[] }>();
  for (const r of index.relations) {
    const [source, target] = [drawnAs(r.source), drawnAs(r.target)];
    if (source === undefined || target === undefined || source === target) continue;
    const key = `${r.kind}\u0000${source}\u0000${target}`;
    let edge = merged.get(key);
    if (!edge) {
      edge = {
        id: `e${merged.size}`,
        source,
        target,
        kind: r.kind,
        label: "",
        broken: false,
        labels: [],
      };
      merged.set(key, edge);
    }
    edge.broken ||= r.broken;
    if (!edge.labels.includes(r.label)) edge.labels.push(r.label);
  }
  return [...merged.values()].map(({ labels, ...edge }) => ({
    ...edge,
    label:
      labels.length > 2
        ? `${labels.slice(0, 2).join(", ")}, +${labels.length - 2}`
        : labels.join(", "),
  }));
}

// ---- changes of the open state ------------------------------------------------------

export function expand(state: OpenState, id: string): OpenState {
  return { expanded: new Set(state.expanded).add(id), pages: state.pages };
}

export function collapse(state: OpenState, id: string): OpenState {
  const expanded = new Set(state.expanded);
  expanded.delete(id);
  return { expanded, pages: state.pages };
}

export function showMore(state: OpenState, group: string): OpenState {
  const pages = new Map(state.pages).set(group, (state.pages.get(group) ?? 1) + 1);
  return { expanded: state.expanded, pages };
}

/** Open every group holding `id` and turn their pages until `id` shows. */
export function reveal(index: GraphIndex, state: OpenState, id: string): OpenState {
  const expanded = new Set(state.expanded);
  const pages = new Map(state.pages);
  let child = id;
  for (let at = index.parent.get(id); at !== undefined; at = index.parent.get(at)) {
    expanded.add(at);
    const position = ordered(index, at).indexOf(child);
    const needed = Math.floor(position / PAGE) + 1;
    if (needed > (pages.get(at) ?? 1)) pages.set(at, needed);
    child = at;
  }
  return { expanded, pages };
}
