/**
 * The containment tree of a dependency graph, as the viewer walks it: each HDF5
 * object's parent group and children (in file order, the order of the node-link
 * JSON), what is typed (has a neurodata_type), and the reference and link edges.
 * The parent of an object is the source of its `child` edge or, when there is none
 * (a missing target, a dangling soft link), the nearest enclosing path in the graph,
 * as `hdf5/graph_view.py` decides it for the Graphviz and Mermaid pictures.
 * Pure: no DOM, unit-tested in node.
 */

import { type GraphLink, type GraphNode, isBrokenNode, type NodeLinkGraph } from "../graphModel";

export interface Relation {
  source: string;
  target: string;
  kind: "reference" | "link";
  label: string;
  broken: boolean;
}

export interface GraphIndex {
  nodes: Map<string, GraphNode>;
  order: Map<string, number>;
  parent: Map<string, string | undefined>;
  children: Map<string, string[]>;
  tops: string[];
  relations: Relation[];
  /** Relations leaving or entering each object. */
  touching: Map<string, Relation[]>;
  /** How many objects each object holds, at any depth. */
  inside: Map<string, number>;
}

export function isTyped(node: GraphNode | undefined): boolean {
  return typeof node?.neurodata_type === "string" && node.neurodata_type !== "";
}

export function isBroken(node: GraphNode | undefined): boolean {
  return node !== undefined && isBrokenNode(node);
}

/** A reference is named by its attribute or field; a link by its own name. */
function relationLabel(link: GraphLink): string {
  const count = typeof link.count === "number" && link.count > 1 ? ` \u00d7${link.count}` : "";
  const own = String(link.source).slice(String(link.source).lastIndexOf("/") + 1);
  const text = link.label === "link" ? own : link.name || own || link.via || link.label;
  return `${text}${count}`;
}

function enclosing(id: string, nodes: Map<string, GraphNode>): string | undefined {
  let path = id;
  while (path.startsWith("/") && path !== "/") {
    path = path.slice(0, path.lastIndexOf("/")) || "/";
    if (nodes.has(path)) return path;
  }
  return undefined;
}

export function indexGraph(graph: NodeLinkGraph): GraphIndex {
  if (!graph || !Array.isArray(graph.nodes) || !Array.isArray(graph.links)) {
    throw new Error("not a node-link graph: expected 'nodes' and 'links' lists");
  }
  const nodes = new Map(graph.nodes.map((n) => [String(n.id), { ...n, id: String(n.id) }]));
  const order = new Map([...nodes.keys()].map((id, i) => [id, i]));
  const parent = new Map<string, string | undefined>();
  const relations: Relation[] = [];
  for (const link of graph.links) {
    const [source, target] = [String(link.source), String(link.target)];
    if (link.label === "child") {
      if (!parent.has(target)) parent.set(target, source);
      continue;
    }
    const kind = link.label === "link" ? "link" : "reference";
    const broken = link.exists === false || isBroken(nodes.get(target));
    relations.push({ source, target, kind, label: relationLabel(link), broken });
  }
  const children = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  const tops: string[] = [];
  for (const id of nodes.keys()) {
    if (!parent.has(id)) parent.set(id, enclosing(id, nodes));
    const up = parent.get(id);
    if (up === undefined || !children.has(up)) tops.push(id);
    else children.get(up)!.push(id);
  }
  for (const list of children.values()) list.sort((a, b) => order.get(a)! - order.get(b)!);
  const touching = new Map<string, Relation[]>();
  for (const r of relations) {
    for (const end of [r.source, r.target]) {
      if (!touching.has(end)) touching.set(end, []);
      touching.get(end)!.push(r);
    }
  }
  const inside = new Map<string, number>();
  const count = (id: string): number => {
    let total = 0;
    for (const child of children.get(id) ?? []) total += 1 + count(child);
    inside.set(id, total);
    return total;
  };
  tops.forEach(count);
  return { nodes, order, parent, children, tops, relations, touching, inside };
}

/** `id` and the groups holding it, innermost first. */
export function ancestry(index: GraphIndex, id: string): string[] {
  const out: string[] = [];
  for (let at: string | undefined = id; at !== undefined; at = index.parent.get(at)) {
    out.push(at);
  }
  return out;
}

/** Everything under `id`, at any depth, `id` included. */
export function subtree(index: GraphIndex, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) out.push(...(index.children.get(out[i]) ?? []));
  return out;
}
