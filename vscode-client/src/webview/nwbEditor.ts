/** Runs inside the `.nwb` custom editor: draws the HDF5 tree, findings and details. */

import type { EditorHostMessage } from "../nwbEditorMessages";
import {
  ancestors,
  type ObjectDetails,
  type PlacedDiagnostic,
  type Row,
  visibleRows,
} from "../nwbOutline";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const treeEl = document.getElementById("tree") as HTMLElement;
const details = document.getElementById("details") as HTMLElement;
const stats = document.getElementById("stats") as HTMLElement;
const filter = document.getElementById("filter") as HTMLInputElement;

let all: Row[] = [];
let objects: Record<string, ObjectDetails> = {};
let collapsed = new Set<string>();
let findings = new Map<string, PlacedDiagnostic[]>();
let selected: string | undefined;

function el(tag: string, className?: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function jumpLink(path: string, label = path): HTMLElement {
  const link = el("a", "jump", label);
  link.setAttribute("href", "#");
  link.dataset.jump = path;
  return link;
}

function findingEl(f: PlacedDiagnostic): HTMLElement {
  const item = el("div", `finding ${f.severity}`);
  item.dataset.code = f.code;
  item.append(el("span", "code", f.code), el("span", "message", f.message));
  if (f.path !== f.object) item.append(el("span", "where", ` at ${f.path}`));
  return item;
}

function rowEl(row: Row): HTMLElement {
  const item = el("div", "row");
  item.dataset.path = row.path;
  item.setAttribute("role", "treeitem");
  item.style.paddingLeft = `${row.depth * 14 + 4}px`;
  const twisty = el("span", "twisty", row.hasChildren ? (collapsed.has(row.path) ? "▸" : "▾") : "");
  item.append(twisty, el("span", "name", row.name), el("span", "summary", row.summary));
  const here = findings.get(row.path) ?? [];
  if (here.length) item.append(el("span", `badge ${here[0].severity}`, String(here.length)));
  if (row.path === selected) item.classList.add("selected");
  return item;
}

function render(): void {
  const query = filter.value.trim().toLowerCase();
  const shown = query
    ? all.filter((r) => r.path.toLowerCase().includes(query))
    : visibleRows(all, collapsed);
  const fragment = document.createDocumentFragment();
  for (const row of shown) {
    fragment.append(rowEl(row));
    for (const f of findings.get(row.path) ?? []) fragment.append(findingEl(f));
  }
  treeEl.replaceChildren(fragment);
}

function table(entries: [string, string][]): HTMLElement {
  const body = el("table");
  for (const [key, value] of entries) {
    const tr = el("tr");
    tr.append(el("td", undefined, key), el("td", undefined, value));
    body.append(tr);
  }
  return body;
}

function shapeText(shape: number[] | null | undefined): string {
  if (shape === null || shape === undefined) return "null (no dataspace)";
  return shape.length ? `[${shape.join(", ")}]` : "scalar";
}

function showDetails(path: string): void {
  const info = objects[path];
  const parts: HTMLElement[] = [el("h3", undefined, path)];
  if (info) {
    const rows: [string, string][] = [["kind", info.kind]];
    if (info.type) rows.push(["type", info.type]);
    if (info.shape !== undefined) rows.push(["shape", shapeText(info.shape)]);
    if (info.dtype) rows.push(["dtype", info.dtype]);
    parts.push(table(rows));
    if (info.target !== undefined) {
      const link = el("p", "link", "link to ");
      if (info.targetFile) link.append(el("span", undefined, `${info.targetFile}:${info.target}`));
      else link.append(jumpLink(info.target));
      if (info.targetExists === false) link.append(el("span", "broken", " (missing)"));
      parts.push(link);
    }
    if (info.refs.length) parts.push(el("h4", undefined, "References"));
    for (const ref of info.refs) {
      const line = el("p", "ref", `${ref.via}${ref.name ? ` '${ref.name}'` : ""} → `);
      line.append(ref.target ? jumpLink(ref.target) : el("span", "broken", "broken"));
      if (ref.count > 1) line.append(el("span", undefined, ` ×${ref.count}`));
      parts.push(line);
    }
    const attrs = Object.entries(info.attrs).sort(([a], [b]) => a.localeCompare(b));
    if (attrs.length) parts.push(el("h4", undefined, "Attributes"), table(attrs));
  }
  const here = findings.get(path) ?? [];
  if (here.length) parts.push(el("h4", undefined, "Findings"), ...here.map(findingEl));
  details.replaceChildren(...parts);
}

function select(path: string, scroll: boolean): void {
  selected = path;
  for (const p of ancestors(path)) collapsed.delete(p);
  if (scroll && filter.value) filter.value = "";
  render();
  showDetails(path);
  if (scroll) treeEl.querySelector(".row.selected")?.scrollIntoView({ block: "center" });
}

function setFindings(list: PlacedDiagnostic[]): void {
  findings = new Map();
  for (const f of list) findings.set(f.object, [...(findings.get(f.object) ?? []), f]);
  const count = (s: string) => list.filter((f) => f.severity === s).length;
  stats.textContent =
    `${all.length} objects · ${count("error")} error(s), ${count("warning")} warning(s), ` +
    `${count("info")} note(s)`;
  stats.dataset.objects = String(all.length);
  stats.dataset.findings = String(list.length);
}

window.addEventListener("message", (event: MessageEvent<EditorHostMessage>) => {
  const message = event.data;
  if (message.type === "outline") {
    ({ rows: all, objects } = message);
    stats.dataset.file = message.file;
    collapsed = new Set(message.collapsed);
    setFindings(message.findings);
    if (message.reveal) select(message.reveal, true);
    else render();
  } else if (message.type === "findings") {
    setFindings(message.findings);
    render();
    if (selected) showDetails(selected);
  } else if (message.type === "reveal") {
    select(message.path, true);
  } else if (message.type === "error") {
    stats.textContent = message.message;
    stats.classList.add("error");
  }
});

document.addEventListener("click", (event) => {
  const target = event.target as HTMLElement;
  const jump = target.closest<HTMLElement>("[data-jump]");
  if (jump?.dataset.jump) {
    event.preventDefault();
    select(jump.dataset.jump, true);
    return;
  }
  const button = target.closest<HTMLElement>("button[data-command]");
  if (button) {
    const path = button.hasAttribute("data-selected") ? selected : undefined;
    vscode.postMessage({ type: "command", command: button.dataset.command, path });
    return;
  }
  const row = target.closest<HTMLElement>(".row");
  if (!row?.dataset.path) return;
  const path = row.dataset.path;
  if (target.classList.contains("twisty")) {
    if (collapsed.has(path)) collapsed.delete(path);
    else collapsed.add(path);
    render();
  } else select(path, false);
});

filter.addEventListener("input", () => render());
vscode.postMessage({ type: "ready" });
