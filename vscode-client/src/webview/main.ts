/**
 * The graph viewer, in a VS Code webview or a standalone page (`host.ts`): builds
 * the page, draws the graph (`viewer.ts`), wires the toolbar, the tree sidebar and
 * the details pane, and installs `window.nwbGraphViewer` (`api.ts`).
 */

import { type NodeLinkGraph, stats } from "../graphModel";
import { indexGraph } from "../viewer/graphIndex";
import { installApi } from "./api";
import { type Actions, listReferences, showDetails } from "./details";
import { detectHost, type Loaded } from "./host";
import { buildPage, element } from "./page";
import { Sidebar } from "./sidebar";
import { GraphViewer } from "./viewer";

buildPage();
const host = detectHost();
const hooks = installApi();
const statsEl = element<HTMLSpanElement>("stats");
let viewer: GraphViewer | undefined;

function showStats(file: string, graph: NodeLinkGraph): void {
  const s = stats(graph);
  const notes = (graph as { graph?: { notes?: unknown } }).graph?.notes;
  statsEl.textContent =
    `${s.nodes} nodes, ${s.edges} edges (${s.references} references, ${s.links} links)` +
    (s.broken ? `, ${s.broken} broken` : "");
  statsEl.title = Array.isArray(notes) ? notes.join("\n") : "";
  statsEl.dataset.nodes = String(s.nodes);
  statsEl.dataset.edges = String(s.edges);
  statsEl.dataset.broken = String(s.broken);
  statsEl.dataset.file = file;
  statsEl.classList.toggle("error", s.broken > 0);
}

function showDrawn(): void {
  if (!viewer) return;
  statsEl.dataset.drawn = String(viewer.cy.nodes().length);
  statsEl.dataset.drawnBroken = String(viewer.cy.elements(".broken").length);
}

function start({ file, graph }: Loaded): void {
  const index = indexGraph(graph);
  viewer?.destroy();
  viewer = new GraphViewer(element("graph"), index);
  const current = viewer;
  const sidebar = new Sidebar(element("tree"), index);
  const details = element<HTMLElement>("details");
  const actions: Actions = {
    toggle: (id) => current.toggle(id),
    focus: (id) => current.focus(id, Number(element<HTMLSelectElement>("hops").value)),
    findReferences: (id) =>
      host.remote
        ? host.post({ type: "findReferences", id })
        : listReferences(details, index, id, actions),
    showInTree: (id) => (host.remote ? host.post({ type: "reveal", id }) : sidebar.show(id)),
    pick: (id) => pick(id),
  };
  const select = (id: string): void => {
    showDetails(details, index, id, actions);
    sidebar.show(id);
    host.post({ type: "select", id });
  };
  const pick = (id: string): void => {
    if (current.focused) current.showAll();
    current.reveal(id);
    select(id);
  };
  current.onSelect = select;
  current.onRedraw = showDrawn;
  sidebar.onPick = pick;
  wire(current, index.nodes.keys(), pick);
  showStats(file, graph);
  showDrawn();
  hooks.attach(current);
}

function wire(current: GraphViewer, ids: Iterable<string>, pick: (id: string) => void): void {
  const all = [...ids];
  const search = element<HTMLInputElement>("search");
  const find = (): string | undefined => {
    const query = search.value.trim().toLowerCase();
    return query ? all.find((id) => id.toLowerCase().includes(query)) : undefined;
  };
  search.oninput = () => {
    const query = search.value.trim().toLowerCase();
    current.cy.nodes().forEach((n) => {
      n.toggleClass("match", query !== "" && n.id().toLowerCase().includes(query));
    });
  };
  search.onkeydown = (event) => {
    const first = event.key === "Enter" ? find() : undefined;
    if (first !== undefined) pick(first);
  };
  element("fit").onclick = () => current.cy.fit(undefined, 20);
  element("all").onclick = () => current.showAll();
  const edgeLabels = element<HTMLInputElement>("edge-labels");
  edgeLabels.onchange = () => current.labelEdges(edgeLabels.checked);
  current.labelEdges(edgeLabels.checked);
  element("focus").onclick = () => {
    const selected = current.cy.nodes(":selected").first();
    if (selected.nonempty())
      current.focus(selected.id(), Number(element<HTMLSelectElement>("hops").value));
  };
  window.onresize = () => current.cy.resize();
}

host.start(start, (message) => {
  statsEl.textContent = `Could not read the graph: ${message}`;
  statsEl.classList.add("error");
  hooks.fail(message);
});
