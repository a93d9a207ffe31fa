/** Runs inside the graph webview: draws the elements the extension posts. */

import cytoscape, { type Core, type NodeSingular } from "cytoscape";

import { type CyElement, describeNode, type GraphNode, type HostMessage } from "../graphModel";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const statsEl = document.getElementById("stats") as HTMLSpanElement;
const details = document.getElementById("details") as HTMLElement;
let cy: Core | undefined;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 9,
      "text-wrap": "wrap",
      "text-valign": "bottom",
      "text-margin-y": 3,
      color: "#ccc",
      "background-color": "#6b7d8f",
      width: 14,
      height: 14,
    },
  },
  { selector: "node.group", style: { shape: "round-rectangle" } },
  { selector: "node.dataset", style: { shape: "ellipse", "background-color": "#8f826b" } },
  {
    selector: "node.typed",
    style: { "background-color": "#3794ff", width: 20, height: 20, "font-weight": "bold" },
  },
  { selector: "node.external", style: { shape: "diamond", "background-color": "#b180d7" } },
  {
    selector: "node.broken",
    style: { "background-color": "#f14c4c", "border-width": 2, "border-color": "#fff" },
  },
  {
    selector: "edge",
    style: { width: 1, "curve-style": "bezier", "line-color": "#555", "font-size": 8 },
  },
  {
    selector: "edge.reference",
    style: {
      "line-color": "#3794ff",
      "line-style": "dashed",
      "target-arrow-shape": "triangle",
      "target-arrow-color": "#3794ff",
      label: "data(label)",
      color: "#3794ff",
    },
  },
  {
    selector: "edge.link",
    style: {
      "line-color": "#89d185",
      "line-style": "dotted",
      width: 2,
      "target-arrow-shape": "vee",
      "target-arrow-color": "#89d185",
      label: "data(label)",
      color: "#89d185",
    },
  },
  {
    selector: "edge.broken",
    style: { "line-color": "#f14c4c", "target-arrow-color": "#f14c4c", width: 3 },
  },
  { selector: ".hidden", style: { display: "none" } },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffcc00" } },
  { selector: ".match", style: { "border-width": 3, "border-color": "#ffcc00" } },
];

function showDetails(node: NodeSingular): void {
  const data = node.data() as GraphNode;
  details.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = data.id;
  const table = document.createElement("table");
  for (const [key, value] of describeNode(data)) {
    const row = table.insertRow();
    row.insertCell().textContent = key;
    row.insertCell().textContent = value;
  }
  const refs = document.createElement("button");
  refs.textContent = "Find references";
  refs.addEventListener("click", () => vscode.postMessage({ type: "findReferences", id: data.id }));
  const reveal = document.createElement("button");
  reveal.textContent = "Show in file tree";
  reveal.addEventListener("click", () => vscode.postMessage({ type: "reveal", id: data.id }));
  details.append(title, table, refs, reveal);
  details.dataset.node = data.id;
  vscode.postMessage({ type: "select", id: data.id });
}

function draw(elements: CyElement[]): void {
  cy?.destroy();
  // A force-directed layout groups related objects while the graph is small; larger
  // graphs get the cheaper tree layout, huge ones a grid.
  const count = elements.length;
  const layout: cytoscape.LayoutOptions =
    count <= 600
      ? { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70 }
      : count <= 3000
        ? { name: "breadthfirst", directed: true, spacingFactor: 0.9 }
        : { name: "grid" };
  cy = cytoscape({
    container: document.getElementById("graph"),
    elements,
    style: STYLE,
    layout,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
  });
  cy.on("tap", "node", (event) => showDetails(event.target as NodeSingular));
}

window.addEventListener("message", (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === "error") {
    statsEl.textContent = `Could not read the graph: ${message.message}`;
    statsEl.classList.add("error");
    return;
  }
  if (message.type === "graph") {
    draw(message.elements);
    const s = message.stats;
    statsEl.textContent =
      `${s.nodes} nodes, ${s.edges} edges (${s.references} references, ${s.links} links)` +
      (s.broken ? `, ${s.broken} broken` : "");
    statsEl.dataset.nodes = String(s.nodes);
    statsEl.dataset.edges = String(s.edges);
    statsEl.dataset.broken = String(s.broken);
    statsEl.dataset.drawn = String(cy?.nodes().length ?? 0);
    statsEl.dataset.drawnBroken = String(cy?.elements(".broken").length ?? 0);
    statsEl.dataset.file = message.file;
    statsEl.classList.toggle("error", s.broken > 0);
  }
});

document.getElementById("fit")?.addEventListener("click", () => cy?.fit(undefined, 20));
window.addEventListener("resize", () => {
  cy?.resize();
  cy?.fit(undefined, 20);
});
document.getElementById("children")?.addEventListener("change", (event) => {
  const show = (event.target as HTMLInputElement).checked;
  cy?.edges(".child").toggleClass("hidden", !show);
});
function matches(query: string): cytoscape.NodeCollection | undefined {
  if (!cy) return undefined;
  cy.nodes().removeClass("match");
  if (!query) return undefined;
  const found = cy.nodes().filter((n) => String(n.id()).toLowerCase().includes(query));
  found.addClass("match");
  return found;
}

const search = document.getElementById("search") as HTMLInputElement | null;
search?.addEventListener("input", () => {
  const found = matches(search.value.trim().toLowerCase());
  if (cy && found?.length) cy.fit(found, 60);
});
// Enter picks the first match (in the file's order): selected, centred, its
// attributes shown, as a click on it would.
search?.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !cy) return;
  const found = matches(search.value.trim().toLowerCase());
  if (!found?.length) return;
  const first = found[0] as NodeSingular;
  cy.nodes().unselect();
  first.select();
  cy.center(first);
  showDetails(first);
});

vscode.postMessage({ type: "ready" });
