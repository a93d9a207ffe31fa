import assert from "node:assert/strict";
import { test } from "node:test";

import type { GraphLink, GraphNode, NodeLinkGraph } from "../src/graphModel";
import { neighbourhood, focusView } from "../src/viewer/focus";
import { indexGraph } from "../src/viewer/graphIndex";
import { GAP_Y, layoutView, type Measure } from "../src/viewer/layout";
import {
  collapse,
  expand,
  initialState,
  MORE,
  PAGE,
  reveal,
  showMore,
  treeView,
  type View,
} from "../src/viewer/view";
import { MIN_FONT_PX, openingViewport, wheelFactor } from "../src/viewer/viewport";

/** A file: two ElectricalSeries referencing an electrodes table, a link, a device. */
function session(extraSeries = 0): NodeLinkGraph {
  const nodes: GraphNode[] = [];
  const links: GraphLink[] = [];
  const add = (id: string, kind: string, type?: string): void => {
    nodes.push({ id, kind, ...(type ? { neurodata_type: type } : {}) });
    if (id !== "/") {
      const parent = id.slice(0, id.lastIndexOf("/")) || "/";
      links.push({ source: parent, target: id, label: "child" });
    }
  };
  add("/", "group", "NWBFile");
  add("/acquisition", "group");
  for (const name of ["raw", "lfp"]) {
    add(`/acquisition/${name}`, "group", "ElectricalSeries");
    add(`/acquisition/${name}/data`, "dataset");
    add(`/acquisition/${name}/electrodes`, "dataset", "DynamicTableRegion");
    links.push({
      source: `/acquisition/${name}/electrodes`,
      target: "/general/electrodes",
      label: "reference",
      name: "table",
    });
  }
  for (let i = 0; i < extraSeries; i++)
    add(`/acquisition/s${String(i).padStart(4, "0")}`, "group", "TimeSeries");
  add("/general", "group");
  add("/general/electrodes", "group", "DynamicTable");
  add("/general/electrodes/group", "dataset");
  add("/general/shank", "group", "ElectrodeGroup");
  add("/general/shank/device", "soft_link");
  add("/general/probe", "group", "Device");
  links.push({
    source: "/general/electrodes/group",
    target: "/general/shank",
    label: "reference",
    count: 4,
  });
  links.push({
    source: "/general/shank/device",
    target: "/general/probe",
    label: "link",
    via: "soft_link",
  });
  add("/notes", "dataset");
  return { directed: true, nodes, links };
}

const charWidth: Measure = (text, bold) => text.length * (bold ? 8 : 7);
const ids = (view: View): string[] => view.nodes.map((n) => n.id);

test("the index: parents by child edges or enclosing paths, children in file order", () => {
  const graph = session();
  graph.nodes.push({ id: "/gone/x", kind: "missing" });
  const index = indexGraph(graph);
  assert.deepEqual(index.tops, ["/"]);
  assert.equal(index.parent.get("/gone/x"), "/"); // no /gone: the nearest present path
  assert.deepEqual(index.children.get("/acquisition"), ["/acquisition/raw", "/acquisition/lfp"]);
  assert.equal(index.inside.get("/acquisition"), 6);
  assert.equal(index.relations.find((r) => r.kind === "link")?.label, "device");
  assert.equal(index.relations.find((r) => r.label.startsWith("group"))?.label, "group \u00d74");
  assert.equal(index.relations.find((r) => r.target === "/general/shank")?.broken, false);
  assert.throws(() => indexGraph({} as NodeLinkGraph), /node-link/);
});

test("the opening view: open down to the typed objects, which are closed with counts", () => {
  const index = indexGraph(session());
  const view = treeView(index, initialState(index));
  assert.deepEqual(ids(view), [
    "/",
    "/acquisition",
    "/acquisition/raw",
    "/acquisition/lfp",
    "/general",
    "/general/electrodes",
    "/general/shank",
    "/general/probe",
    "/notes",
  ]);
  const raw = view.nodes.find((n) => n.id === "/acquisition/raw")!;
  assert.equal(raw.kind, "leaf");
  assert.deepEqual(raw.lines, ["\u25b8 raw", "<ElectricalSeries>", "+2 inside"]);
  assert.equal(raw.parent, "/acquisition");
  assert.equal(view.nodes.find((n) => n.id === "/general")?.kind, "group");
  // The references of hidden datasets are drawn from the closed series that hold them.
  assert.deepEqual(
    view.edges.map((e) => [e.source, e.target, e.kind, e.label]),
    [
      ["/acquisition/raw", "/general/electrodes", "reference", "table"],
      ["/acquisition/lfp", "/general/electrodes", "reference", "table"],
      ["/general/electrodes", "/general/shank", "reference", "group \u00d74"],
      ["/general/shank", "/general/probe", "link", "device"],
    ],
  );
});

test("expanding and collapsing a group shows and hides its children", () => {
  const index = indexGraph(session());
  const opened = expand(initialState(index), "/acquisition/raw");
  const view = treeView(index, opened);
  assert.ok(ids(view).includes("/acquisition/raw/electrodes"));
  assert.deepEqual(view.edges[0], {
    id: "e0",
    source: "/acquisition/raw/electrodes",
    target: "/general/electrodes",
    kind: "reference",
    label: "table",
    broken: false,
  });
  assert.deepEqual(
    ids(treeView(index, collapse(opened, "/acquisition/raw"))),
    ids(treeView(index, initialState(index))),
  );
});

test("a group of 1,000 shows a page of 40, typed and referenced first, and '+N more'", () => {
  const index = indexGraph(session(1000));
  let state = initialState(index);
  const view = treeView(index, state);
  const shown = view.nodes.filter((n) => n.parent === "/acquisition");
  assert.equal(shown.length, PAGE + 1);
  assert.deepEqual(
    shown.slice(0, 2).map((n) => n.id),
    ["/acquisition/raw", "/acquisition/lfp"],
  );
  assert.deepEqual(shown[PAGE].lines, ["+962 more", "(show 40 more)"]);
  assert.equal(shown[PAGE].id, `${MORE}/acquisition`);
  state = showMore(state, "/acquisition");
  assert.equal(
    treeView(index, state).nodes.filter((n) => n.parent === "/acquisition").length,
    2 * PAGE + 1,
  );
  // Revealing an object on a later page turns the pages to it.
  const far = reveal(index, initialState(index), "/acquisition/s0900");
  assert.ok(ids(treeView(index, far)).includes("/acquisition/s0900"));
  assert.equal(far.pages.get("/acquisition"), 23);
});

test("a reference into a hidden page is drawn to its '+N more'", () => {
  const graph = session(100);
  graph.links.push({ source: "/general/probe", target: "/acquisition/s0099", label: "reference" });
  const index = indexGraph(graph);
  const edges = treeView(index, initialState(index)).edges;
  assert.ok(edges.some((e) => e.source === "/general/probe" && e.target === `${MORE}/acquisition`));
});

test("focus: the object and its reference/link neighbours, lifted to typed holders", () => {
  const index = indexGraph(session());
  assert.deepEqual(
    [...neighbourhood(index, "/general/electrodes", 1)],
    [
      ["/general/electrodes", 0],
      ["/acquisition/raw/electrodes", 1],
      ["/acquisition/lfp/electrodes", 1],
      ["/general/shank", 1],
    ],
  );
  const two = focusView(index, "/general/electrodes", 2);
  assert.ok(ids(two).includes("/general/probe"));
  assert.equal(two.nodes.find((n) => n.id === "/general/probe")?.ring, 2);
  // A closed series speaks for what it holds.
  assert.deepEqual(
    [...neighbourhood(index, "/acquisition/raw", 1).keys()],
    ["/acquisition/raw", "/general/electrodes"],
  );
});

function overlapping(view: View): string[] {
  const layout = layoutView(view, charWidth);
  const leaves = view.nodes
    .filter((n) => n.kind !== "group")
    .map((n) => [n.id, layout.placed.get(n.id)!] as const);
  const found: string[] = [];
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const [[a, p], [b, q]] = [leaves[i], leaves[j]];
      if (
        Math.abs(p.x - q.x) < (p.width + q.width) / 2 &&
        Math.abs(p.y - q.y) < (p.height + q.height) / 2
      ) {
        found.push(`${a} ${b}`);
      }
    }
  }
  return found;
}

test("the packing layout: no overlaps, boxes about as tall as wide, the same every time", () => {
  const index = indexGraph(session(200));
  const state = expand(initialState(index), "/acquisition/raw");
  const view = treeView(index, state);
  assert.deepEqual(overlapping(view), []);
  const layout = layoutView(view, charWidth);
  assert.ok(
    layout.height / layout.width > 0.3 && layout.height / layout.width < 2,
    `${layout.width}x${layout.height}`,
  );
  assert.deepEqual(layoutView(treeView(index, state), charWidth), layout);
  // A child sits inside its group's box, below the group's label.
  const group = layout.placed.get("/acquisition")!;
  const child = layout.placed.get("/acquisition/lfp")!;
  assert.ok(child.y - child.height / 2 >= group.y - group.height / 2 + GAP_Y);
  assert.ok(child.x + child.width / 2 <= group.x + group.width / 2);
  assert.deepEqual(overlapping(focusView(index, "/general/electrodes", 3)), []);
});

test("opening zoom: fit when readable, else readable on the top-left corner", () => {
  const small = openingViewport(400, 300, 1000, 800, 12);
  assert.ok(small.zoom * 12 >= MIN_FONT_PX);
  const big = openingViewport(20_000, 9_000, 1000, 800, 12);
  assert.equal(big.zoom * 12, MIN_FONT_PX);
  assert.deepEqual(big.pan, { x: 20, y: 20 });
});

test("one wheel notch zooms 15 %, in or out; trackpad deltas a share of it", () => {
  assert.equal(wheelFactor(-100, 0), 1.15);
  assert.equal(wheelFactor(-53, 0), 1.15);
  assert.equal(wheelFactor(3, 1), 1 / 1.15);
  assert.ok(wheelFactor(-4, 0) > 1 && wheelFactor(-4, 0) < 1.01);
  assert.equal(wheelFactor(0, 0), 1);
});

test("10,000 objects: the opening view and its layout stay small and quick", () => {
  const graph = session(10_000);
  const started = performance.now();
  const index = indexGraph(graph);
  const view = treeView(index, initialState(index));
  layoutView(view, charWidth);
  const took = performance.now() - started;
  assert.ok(view.nodes.length < 60, `${view.nodes.length} drawn`);
  assert.ok(took < 2000, `${took} ms`);
});
