/**
 * The containment-packing layout: nested boxes, no overlap by construction.
 *
 * Every drawn object is a cell. A closed object's cell is its node, sized to hold
 * its label. An open group's cell is its label (drawn above the box, as cytoscape
 * draws compound labels) over a box whose content is its children's cells stacked
 * in columns, filled one after the other in order, as many columns as make the box
 * about as wide as it is tall (an NWB group often holds hundreds of siblings, which
 * a layered layout puts in one row thousands of pixels wide). The same idea draws
 * the Graphviz pictures (`hdf5/graph_layout.py`). The focus view stacks objects in
 * one column per hop. Positions are the centres of closed nodes in model pixels;
 * cytoscape sizes the open groups around their children (`preset` layout).
 * Pure and deterministic: label sizes come from the `measure` the caller passes.
 */

import type { View, ViewNode } from "./view";

export const FONT_PX = 12;
export const LINE_PX = 15; // FONT_PX times the line-height the style sets (1.25)
export const NODE_PAD_X = 8;
export const NODE_PAD_Y = 5;
export const GROUP_PAD = 12;
export const LABEL_GAP = 4;
export const GAP_X = 14;
export const GAP_Y = 10;
export const RING_GAP_X = 110; // room for the edge labels between the focus view's columns
const ASPECT = 0.75; // height / width a box aims at

/** Width in model pixels of one line of text; `bold` for open groups' labels. */
export type Measure = (text: string, bold: boolean) => number;

export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  /** Closed nodes: centre and size. Open groups: where their box is meant to be. */
  placed: Map<string, Placed>;
  width: number;
  height: number;
}

interface Cell {
  node: ViewNode;
  width: number;
  height: number;
  label: { width: number; height: number };
  box?: { width: number; height: number; columns: Cell[][] };
}

export function labelSize(lines: string[], bold: boolean, measure: Measure) {
  return {
    width: Math.ceil(Math.max(0, ...lines.map((line) => measure(line, bold)))),
    height: lines.length * LINE_PX,
  };
}

function cellOf(node: ViewNode, children: Map<string, ViewNode[]>, measure: Measure): Cell {
  const inner = children.get(node.id) ?? [];
  if (node.kind !== "group" || inner.length === 0) {
    const label = labelSize(node.lines, false, measure);
    const width = label.width + 2 * NODE_PAD_X;
    return { node, width, height: label.height + 2 * NODE_PAD_Y, label };
  }
  const label = labelSize(node.lines, true, measure);
  const columns = pack(inner.map((child) => cellOf(child, children, measure)));
  const [contentW, contentH] = extent(columns);
  const box = { width: contentW + 2 * GROUP_PAD, height: contentH + 2 * GROUP_PAD, columns };
  return {
    node,
    width: Math.max(box.width, label.width),
    height: label.height + LABEL_GAP + box.height,
    label,
    box,
  };
}

function extent(columns: Cell[][], gap = GAP_X): [number, number] {
  const widths = columns.map((col) => Math.max(...col.map((c) => c.width)));
  const heights = columns.map(
    (col) => col.reduce((sum, c) => sum + c.height, 0) + GAP_Y * (col.length - 1),
  );
  return [widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1), Math.max(...heights)];
}

/** Cells in order into columns, the number of columns that comes nearest ASPECT. */
export function pack(cells: Cell[]): Cell[][] {
  let best: { score: number; columns: Cell[][] } | undefined;
  for (let count = 1; count <= cells.length; count++) {
    const columns = fill(cells, count);
    if (best && columns.length < count) continue; // the same split as a smaller count
    const [w, h] = extent(columns);
    const score = Math.abs(Math.log(h / w / ASPECT));
    if (!best || score < best.score) best = { score, columns };
    if (w > (h / ASPECT) * 4) break; // only wider from here on
  }
  return best!.columns;
}

/** At most `count` columns, the tallest as short as it can be (bisection). */
function fill(cells: Cell[], count: number): Cell[][] {
  const heights = cells.map((c) => c.height + GAP_Y);
  let low = Math.max(...heights);
  let high = heights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < 40 && high - low > 0.5; i++) {
    const mid = (low + high) / 2;
    if (split(heights, mid).length <= count) high = mid;
    else low = mid;
  }
  return split(heights, high).map((column) => column.map((i) => cells[i]));
}

function split(heights: number[], limit: number): number[][] {
  const columns: number[][] = [[]];
  let total = 0;
  heights.forEach((height, i) => {
    if (columns[columns.length - 1].length && total + height > limit) {
      columns.push([]);
      total = 0;
    }
    columns[columns.length - 1].push(i);
    total += height;
  });
  return columns;
}

function place(cell: Cell, left: number, top: number, out: Map<string, Placed>): void {
  if (!cell.box) {
    const { width, height } = cell;
    out.set(cell.node.id, { x: left + width / 2, y: top + height / 2, width, height });
    return;
  }
  const boxLeft = left + (cell.width - cell.box.width) / 2;
  const boxTop = top + cell.label.height + LABEL_GAP;
  out.set(cell.node.id, {
    x: boxLeft + cell.box.width / 2,
    y: boxTop + cell.box.height / 2,
    width: cell.box.width,
    height: cell.box.height,
  });
  placeColumns(cell.box.columns, boxLeft + GROUP_PAD, boxTop + GROUP_PAD, out);
}

function placeColumns(
  columns: Cell[][],
  left: number,
  top: number,
  out: Map<string, Placed>,
  gap = GAP_X,
) {
  let x = left;
  for (const column of columns) {
    let y = top;
    for (const cell of column) {
      place(cell, x, y, out);
      y += cell.height + GAP_Y;
    }
    x += Math.max(...column.map((c) => c.width)) + gap;
  }
}

export function layoutView(view: View, measure: Measure): Layout {
  const children = new Map<string, ViewNode[]>();
  const tops: ViewNode[] = [];
  for (const node of view.nodes) {
    if (node.parent === undefined) tops.push(node);
    else if (children.has(node.parent)) children.get(node.parent)!.push(node);
    else children.set(node.parent, [node]);
  }
  const cells = tops.map((node) => cellOf(node, children, measure));
  const columns = view.focus ? byRing(cells) : cells.length ? pack(cells) : [];
  const placed = new Map<string, Placed>();
  const gap = view.focus ? RING_GAP_X : GAP_X;
  placeColumns(columns, 0, 0, placed, gap);
  const [width, height] = columns.length ? extent(columns, gap) : [0, 0];
  return { placed, width, height };
}

/** The focus view: the focused object, then one column per hop. */
function byRing(cells: Cell[]): Cell[][] {
  const rings = new Map<number, Cell[]>();
  for (const cell of cells) {
    const ring = cell.node.ring ?? 0;
    if (rings.has(ring)) rings.get(ring)!.push(cell);
    else rings.set(ring, [cell]);
  }
  return [...rings.keys()].sort((a, b) => a - b).map((ring) => rings.get(ring)!);
}
