/**
 * The dependency graph as the webview draws it. The server's `nwb.graph` command
 * returns networkx node-link JSON, which the extension posts to the webview as it
 * is (the viewer, `src/viewer/` and `src/webview/`, decides what to draw); this
 * module counts it and handles the messages between the extension and the webview.
 * Pure: no VS Code, no DOM, so it is unit-tested in node.
 */

export interface GraphNode {
  id: string;
  kind?: string;
  neurodata_type?: string;
  namespace?: string;
  exists?: boolean;
  [key: string]: unknown;
}

export interface GraphLink {
  source: string;
  target: string;
  label: "child" | "reference" | "link" | string;
  via?: string;
  name?: string;
  exists?: boolean;
  region?: boolean;
  count?: number;
  [key: string]: unknown;
}

export interface NodeLinkGraph {
  directed?: boolean;
  nodes: GraphNode[];
  links: GraphLink[];
}

export interface GraphStats {
  nodes: number;
  edges: number;
  references: number;
  links: number;
  broken: number;
}

export function isBrokenNode(node: GraphNode): boolean {
  return node.kind === "missing" || (node.kind === "external" && node.exists === false);
}

export function stats(graph: NodeLinkGraph): GraphStats {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  return {
    nodes: graph.nodes.length,
    edges: graph.links.length,
    references: graph.links.filter((l) => l.label === "reference").length,
    links: graph.links.filter((l) => l.label === "link").length,
    broken:
      graph.nodes.filter(isBrokenNode).length +
      graph.links.filter((l) => l.exists === false && nodes.has(l.target)).length,
  };
}

/** The rows of the side panel for a clicked node: its attributes, sorted. */
export function describeNode(node: GraphNode): [string, string][] {
  return Object.entries(node)
    .filter(([key]) => key !== "label")
    .map(([key, value]): [string, string] => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ])
    .sort(([a], [b]) => (a === "id" ? -1 : b === "id" ? 1 : a.localeCompare(b)));
}

// ---- messages between the extension and the webview ------------------------------

/** From the webview to the extension. */
export type WebviewMessage =
  | { type: "ready" }
  | { type: "select"; id: string }
  | { type: "findReferences"; id: string }
  | { type: "reveal"; id: string };

/** From the extension to the webview. */
export type HostMessage =
  | { type: "graph"; file: string; graph: NodeLinkGraph; stats: GraphStats }
  | { type: "error"; message: string };

/** What the extension does in answer to a webview message. */
export type Action =
  | { kind: "post"; message: HostMessage }
  | { kind: "findReferences"; path: string }
  | { kind: "revealInTree"; path: string }
  | { kind: "none" };

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (message.type === "ready") return { type: "ready" };
  if (
    (message.type === "select" ||
      message.type === "findReferences" ||
      message.type === "reveal") &&
    typeof message.id === "string" &&
    message.id.startsWith("/")
  ) {
    return { type: message.type, id: message.id };
  }
  return undefined;
}

/**
 * Decide what to do with a message from the webview, given the graph (if it has
 * loaded) or the error that loading it gave.
 */
export function handleMessage(
  raw: unknown,
  file: string,
  graph: NodeLinkGraph | undefined,
  error: string | undefined,
): Action {
  const message = parseWebviewMessage(raw);
  if (message === undefined) return { kind: "none" };
  switch (message.type) {
    case "ready":
      if (error !== undefined) return { kind: "post", message: { type: "error", message: error } };
      if (graph === undefined) return { kind: "none" };
      return {
        kind: "post",
        message: { type: "graph", file, graph, stats: stats(graph) },
      };
    case "findReferences":
      return { kind: "findReferences", path: message.id };
    case "reveal":
      return { kind: "revealInTree", path: message.id };
    case "select":
      return { kind: "none" };
  }
}
