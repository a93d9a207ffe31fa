/**
 * The details pane: an object's attributes and what can be done with it. "Find
 * references" and "Show in file tree" go to the extension in VS Code; in a browser
 * the references are listed here from the graph's edges and the tree sidebar shows
 * the object.
 */

import { describeNode } from "../graphModel";
import type { GraphIndex } from "../viewer/graphIndex";

export interface Actions {
  toggle(id: string): void;
  focus(id: string): void;
  findReferences(id: string): void;
  showInTree(id: string): void;
  pick(id: string): void;
}

function button(text: string, action: () => void): HTMLButtonElement {
  const out = document.createElement("button");
  out.textContent = text;
  out.addEventListener("click", action);
  return out;
}

export function showDetails(
  pane: HTMLElement,
  index: GraphIndex,
  id: string,
  actions: Actions,
): void {
  const node = index.nodes.get(id);
  if (!node) return;
  pane.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = id;
  const table = document.createElement("table");
  for (const [key, value] of describeNode(node)) {
    const row = table.insertRow();
    row.insertCell().textContent = key;
    row.insertCell().textContent = value;
  }
  pane.append(title, table);
  if (index.children.get(id)?.length) pane.append(button("Open / close", () => actions.toggle(id)));
  pane.append(
    button("Focus", () => actions.focus(id)),
    button("Find references", () => actions.findReferences(id)),
    button("Show in file tree", () => actions.showInTree(id)),
  );
  pane.dataset.node = id;
}

/** The references and links to `id` (and to what it holds), as jumps. */
export function listReferences(
  pane: HTMLElement,
  index: GraphIndex,
  id: string,
  actions: Actions,
): void {
  const inside = (x: string): boolean => x === id || x.startsWith(id === "/" ? "/" : `${id}/`);
  const found = index.relations.filter((r) => inside(r.target) && !inside(r.source));
  const section = document.createElement("section");
  section.className = "references";
  const heading = document.createElement("h4");
  heading.textContent = `${found.length} reference${found.length === 1 ? "" : "s"} and links to ${id}`;
  const list = document.createElement("ul");
  for (const r of found) {
    const item = document.createElement("li");
    const jump = document.createElement("a");
    jump.href = "#";
    jump.textContent = r.source;
    jump.addEventListener("click", (event) => {
      event.preventDefault();
      actions.pick(r.source);
    });
    item.append(jump, ` (${r.kind}: ${r.label})`);
    list.append(item);
  }
  pane.querySelector("section.references")?.remove();
  section.append(heading, list);
  pane.append(section);
}
