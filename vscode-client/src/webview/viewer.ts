/**
 * The cytoscape glue: draws a `View` at the positions `layoutView` computes
 * (`preset` layout), keeps the open state, and answers the questions tests and
 * devtools ask (`window.nwbGraphViewer`, see `api.ts`). Only what is open is drawn.
 */

import cytoscape, { type Core, type NodeSingular } from "cytoscape";

import { focusView } from "../viewer/focus";
import type { GraphIndex } from "../viewer/graphIndex";
import { layoutView, type Measure } from "../viewer/layout";
import {
  collapse,
  expand,
  initialState,
  MORE,
  type OpenState,
  reveal,
  showMore,
  treeView,
  type View,
} from "../viewer/view";
import { openingViewport, wheelFactor } from "../viewer/viewport";
import { FONT_FAMILY, graphStyle } from "./graphStyle";

export interface LabelBox {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function canvasMeasure(): Measure {
  const context = document.createElement("canvas").getContext("2d")!;
  const cache = new Map<string, number>();
  return (text, bold) => {
    const key = `${bold ? 1 : 0}${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = `${bold ? "bold " : ""}12px ${FONT_FAMILY}`;
      width = context.measureText(text).width;
      cache.set(key, width);
    }
    return width;
  };
}

export class GraphViewer {
  readonly cy: Core;
  private state: OpenState;
  private view: View | undefined;
  private extent = { width: 0, height: 0 };
  private readonly measure = canvasMeasure();
  /** Label every edge, not only those of the selected or hovered object. */
  private allEdgeLabels = false;
  onSelect: (id: string) => void = () => undefined;
  onRedraw: () => void = () => undefined;

  constructor(
    private readonly container: HTMLElement,
    readonly index: GraphIndex,
  ) {
    this.state = initialState(index);
    const text = getComputedStyle(document.body).color || "#cccccc";
    this.cy = cytoscape({
      container,
      style: graphStyle(text),
      layout: { name: "preset" },
      userZoomingEnabled: false, // the wheel handler below zooms a notch at a time
      boxSelectionEnabled: false,
      minZoom: 0.05,
      maxZoom: 4,
    });
    container.addEventListener("wheel", this.onWheel, { passive: false });
    this.cy.on("tap", "node", (event) => this.tap(event.target as NodeSingular));
    this.cy.on("dbltap", "node", (event) => this.toggle((event.target as NodeSingular).id()));
    this.cy.on("mouseover", "node", (event) =>
      (event.target as NodeSingular).connectedEdges().addClass("lit"),
    );
    this.cy.on("mouseout", "node", () => this.light());
    this.cy.on("select unselect", "node", () => this.light());
    this.draw(treeView(index, this.state));
    this.openingZoom();
  }

  get focused(): { id: string; hops: number } | undefined {
    return this.view?.focus;
  }

  /** Stop drawing: the graph is replaced (VS Code posts it again on a refresh). */
  destroy(): void {
    this.container.removeEventListener("wheel", this.onWheel);
    this.cy.destroy();
  }

  private readonly onWheel = (event: WheelEvent): void => this.wheel(event);

  private wheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.container.getBoundingClientRect();
    const zoom = this.cy.zoom() * wheelFactor(event.deltaY, event.deltaMode);
    this.cy.zoom({
      level: Math.min(this.cy.maxZoom(), Math.max(this.cy.minZoom(), zoom)),
      renderedPosition: { x: event.clientX - rect.left, y: event.clientY - rect.top },
    });
  }

  private tap(node: NodeSingular): void {
    const id = node.id();
    if (id.startsWith(MORE)) {
      this.keepInPlace(id, () => (this.state = showMore(this.state, id.slice(MORE.length))));
      return;
    }
    this.onSelect(id);
  }

  /** Open or close a group; in the focus view, focus on the object instead. */
  toggle(id: string): void {
    if (id.startsWith(MORE)) return;
    if (this.view?.focus) {
      this.focus(id, this.view.focus.hops);
      return;
    }
    if (this.state.expanded.has(id)) this.collapse(id);
    else this.expand(id);
  }

  expand(id: string): void {
    this.keepInPlace(id, () => (this.state = expand(this.state, id)));
  }

  collapse(id: string): void {
    this.keepInPlace(id, () => (this.state = collapse(this.state, id)));
  }

  showAll(): void {
    this.draw(treeView(this.index, this.state));
    this.openingZoom();
  }

  focus(id: string, hops: number): void {
    this.draw(focusView(this.index, id, hops));
    this.openingZoom();
    this.select(id);
    this.onSelect(id);
  }

  /** Open what holds `id`, select it and bring it into view. */
  reveal(id: string): void {
    if (!this.index.nodes.has(id)) return;
    this.state = reveal(this.index, this.state, id);
    this.draw(treeView(this.index, this.state));
    const node = this.select(id);
    if (node && !this.inView(node)) this.cy.center(node);
  }

  labelEdges(all: boolean): void {
    this.allEdgeLabels = all;
    this.cy.edges().toggleClass("named", all || this.view?.focus !== undefined);
  }

  center(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.nonempty()) this.cy.center(node);
  }

  /** Labels on the edges of the selected object. */
  private light(): void {
    this.cy.edges().removeClass("lit");
    this.cy.nodes(":selected").connectedEdges().addClass("lit");
  }

  select(id: string): NodeSingular | undefined {
    this.cy.nodes().unselect();
    const node = this.cy.getElementById(id);
    if (node.empty()) return undefined;
    node.select();
    return node as NodeSingular;
  }

  private inView(node: NodeSingular): boolean {
    const box = node.renderedBoundingBox({});
    return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= this.cy.width() && box.y2 <= this.cy.height();
  }

  /** Change the open state and redraw, `id` staying where it is on the screen. */
  private keepInPlace(id: string, change: () => void): void {
    const anchor = this.cy.getElementById(id);
    const before = anchor.nonempty() ? { ...anchor.renderedPosition() } : undefined;
    const group = id.startsWith(MORE) ? id.slice(MORE.length) : id;
    change();
    this.draw(treeView(this.index, this.state));
    // A "+N more" that showed the last page is gone: its group stays in place.
    const after = this.cy.getElementById(this.cy.getElementById(id).nonempty() ? id : group);
    if (before && after.nonempty()) {
      const now = after.renderedPosition();
      this.cy.panBy({ x: before.x - now.x, y: before.y - now.y });
    }
  }

  private draw(view: View): void {
    this.view = view;
    const layout = layoutView(view, this.measure);
    this.extent = { width: layout.width, height: layout.height };
    const open = new Set(view.nodes.filter((n) => n.kind === "group").map((n) => n.id));
    const elements: cytoscape.ElementDefinition[] = view.nodes.map((node) => {
      const at = layout.placed.get(node.id)!;
      return {
        group: "nodes",
        data: {
          id: node.id,
          parent: node.parent,
          label: node.lines.join("\n"),
          w: at.width,
          h: at.height,
        },
        position: { x: at.x, y: at.y },
        classes: [
          ...node.classes,
          node.kind === "more" ? "more" : "",
          open.has(node.id) ? "open" : "",
        ]
          .filter(Boolean)
          .join(" "),
      };
    });
    for (const edge of view.edges) {
      elements.push({
        group: "edges",
        data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label },
        classes: [
          edge.kind,
          edge.broken ? "broken" : "",
          view.focus || this.allEdgeLabels ? "named" : "",
        ]
          .filter(Boolean)
          .join(" "),
      });
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
    this.onRedraw();
  }

  /** Fit when the text stays readable, else readable on the top-left corner. */
  openingZoom(): void {
    // The layout's extent, its top-left corner at the origin: asking cytoscape for
    // the bounding box of thousands of labels takes seconds.
    const { width, height } = this.extent;
    if (width === 0) return;
    const fontPx = Math.min(...this.fontSizes());
    const port = openingViewport(width, height, this.cy.width(), this.cy.height(), fontPx);
    this.cy.viewport({ zoom: port.zoom, pan: port.pan });
  }

  /** The font sizes of labelled elements: one element of each group and classes
   * (what the style's selectors tell apart), so thousands are asked quickly. */
  private fontSizes(): number[] {
    const seen = new Map<string, number>();
    this.cy.elements().forEach((e) => {
      const key = `${e.group()} ${e.classes().join(" ")}`;
      if (seen.has(key) || String(e.data("label") ?? "") === "") return;
      seen.set(key, parseFloat(String(e.style("font-size"))));
    });
    return [...seen.values()];
  }

  visibleIds(): string[] {
    return this.cy.nodes().map((n) => n.id());
  }

  minFontPx(): number {
    return Math.min(...this.fontSizes()) * this.cy.zoom();
  }

  labelBoxes(): LabelBox[] {
    return this.cy.nodes().map((n) => {
      const box = n.renderedBoundingBox({
        includeNodes: false,
        includeEdges: false,
        includeLabels: true,
        includeOverlays: false,
      });
      return { id: n.id(), x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 };
    });
  }

  layoutSignature(): string {
    const text = this.cy
      .nodes()
      .map((n) => {
        const { x, y } = n.position();
        return `${n.id()}@${Math.round(x)},${Math.round(y)}`;
      })
      .sort()
      .join(";");
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return `${this.cy.nodes().length}:${hash.toString(16)}`;
  }
}
