/**
 * The tree sidebar: the file's objects by containment, children built when a row
 * is first opened (a file of 10,000 objects builds only what is opened). Clicking
 * a row calls `onPick`; `show(id)` opens the rows above an object and marks it.
 */

import { ancestry, type GraphIndex, isTyped } from "../viewer/graphIndex";
import { name } from "../viewer/view";

export class Sidebar {
  private readonly rows = new Map<string, HTMLElement>();
  onPick: (id: string) => void = () => undefined;

  constructor(
    root: HTMLElement,
    private readonly index: GraphIndex,
  ) {
    root.replaceChildren(this.list(index.tops));
    for (const top of index.tops) this.toggle(top, true);
  }

  private list(ids: string[]): HTMLUListElement {
    const list = document.createElement("ul");
    for (const id of ids) list.append(this.row(id));
    return list;
  }

  private row(id: string): HTMLLIElement {
    const item = document.createElement("li");
    const line = document.createElement("div");
    line.className = "row";
    line.dataset.id = id;
    const children = this.index.children.get(id) ?? [];
    const twisty = document.createElement("span");
    twisty.className = "twisty";
    twisty.textContent = children.length ? "\u25b8" : "";
    const label = document.createElement("span");
    const node = this.index.nodes.get(id);
    label.textContent = name(id) + (isTyped(node) ? ` <${String(node!.neurodata_type)}>` : "");
    line.append(twisty, label);
    twisty.addEventListener("click", (event) => {
      event.stopPropagation();
      this.toggle(id);
    });
    line.addEventListener("click", () => this.onPick(id));
    item.append(line);
    this.rows.set(id, line);
    return item;
  }

  private toggle(id: string, open?: boolean): void {
    const line = this.rows.get(id);
    const item = line?.parentElement;
    if (!line || !item || !this.index.children.get(id)?.length) return;
    let list = item.querySelector(":scope > ul") as HTMLUListElement | null;
    const opening = open ?? (list === null || list.hidden);
    if (opening && list === null) {
      list = this.list(this.index.children.get(id)!);
      item.append(list);
    }
    if (list) list.hidden = !opening;
    line.querySelector(".twisty")!.textContent = opening ? "\u25be" : "\u25b8";
  }

  show(id: string): void {
    for (const at of ancestry(this.index, id).slice(1).reverse()) this.toggle(at, true);
    for (const row of this.rows.values()) row.classList.toggle("current", row.dataset.id === id);
    this.rows.get(id)?.scrollIntoView({ block: "nearest" });
  }
}
