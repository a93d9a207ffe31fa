import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ancestors,
  initiallyCollapsed,
  LARGE,
  landingObject,
  type Outline,
  pathOf,
  placeDiagnostics,
  rows,
  visibleRows,
} from "../src/nwbOutline";

const group = { kind: "group", type: null, attrs: {}, refs: [] };
const OUTLINE: Outline = {
  text: [
    "/  <NWBFile>",
    "  acquisition",
    "    movie  <ImageSeries>",
    "      data  [0, 0, 0] uint",
    "  specifications",
    "    core",
    "      2.7.0",
    "        nwb.base  scalar text",
    "",
  ].join("\n"),
  lines: {
    "/": 0,
    "/acquisition": 1,
    "/acquisition/movie": 2,
    "/acquisition/movie/data": 3,
    "/specifications": 4,
    "/specifications/core": 5,
    "/specifications/core/2.7.0": 6,
    "/specifications/core/2.7.0/nwb.base": 7,
  },
  objects: {
    "/": { ...group, type: "NWBFile" },
    "/acquisition/movie/data": { ...group, kind: "dataset", shape: [0, 0, 0], dtype: "uint" },
  },
};

test("rows carry name, summary, depth, parent and whether they have children", () => {
  const all = rows(OUTLINE);
  assert.equal(all.length, 8);
  assert.deepEqual(all[0], {
    path: "/",
    name: "/",
    summary: "<NWBFile>",
    depth: 0,
    parent: null,
    hasChildren: true,
  });
  assert.deepEqual(all[3], {
    path: "/acquisition/movie/data",
    name: "data",
    summary: "[0, 0, 0] uint",
    depth: 3,
    parent: "/acquisition/movie",
    hasChildren: false,
  });
});

test("/specifications opens collapsed and hides everything below it", () => {
  const all = rows(OUTLINE);
  const collapsed = initiallyCollapsed(all);
  assert.deepEqual(collapsed, ["/specifications"]);
  const shown = visibleRows(all, new Set(collapsed)).map((r) => r.path);
  assert.deepEqual(shown, ["/", "/acquisition", "/acquisition/movie", "/acquisition/movie/data", "/specifications"]);
  assert.deepEqual(ancestors("/specifications/core/2.7.0"), ["/specifications/core", "/specifications", "/"]);
});

test("a large file opens with the groups below the top two levels collapsed", () => {
  const lines: Record<string, number> = { "/": 0 };
  const text = ["/"];
  for (let i = 0; i <= LARGE; i++) {
    lines[`/a/g${i}`] = text.length;
    text.push(`    g${i}`);
    lines[`/a/g${i}/x`] = text.length;
    text.push("      x  scalar int");
  }
  lines["/a"] = text.length;
  text.push("  a");
  const collapsed = initiallyCollapsed(rows({ text: text.join("\n"), lines, objects: {} }));
  assert.ok(collapsed.includes("/a/g0") && !collapsed.includes("/a") && !collapsed.includes("/"));
});

test("a diagnostic's object comes from its data, its related information, or its line", () => {
  const base = { code: "T004", severity: "error" as const, message: "m", line: 0 };
  assert.equal(pathOf({ ...base, hdf5Path: "/acquisition/movie" }, OUTLINE.lines), "/acquisition/movie");
  assert.equal(
    pathOf({ ...base, related: ["elsewhere", "HDF5 object /acquisition/movie/data"] }, OUTLINE.lines),
    "/acquisition/movie/data",
  );
  assert.equal(pathOf({ ...base, line: 2 }, OUTLINE.lines), "/acquisition/movie");
  assert.equal(pathOf({ ...base, line: 99 }, OUTLINE.lines), "/");
});

test("findings land on their object, or on the nearest ancestor shown", () => {
  const placed = placeDiagnostics(OUTLINE, [
    { code: "T004", severity: "warning", message: "format", line: 0, hdf5Path: "/acquisition/movie/format" },
    { code: "S001", severity: "error", message: "spec", line: 0, hdf5Path: "/specifications/core/2.7.0/nwb.base" },
  ]);
  assert.deepEqual(placed, [
    {
      path: "/acquisition/movie/format",
      code: "T004",
      severity: "warning",
      message: "format",
      object: "/acquisition/movie",
    },
    {
      path: "/specifications/core/2.7.0/nwb.base",
      code: "S001",
      severity: "error",
      message: "spec",
      object: "/specifications/core/2.7.0/nwb.base",
    },
  ]);
  assert.equal(landingObject(placed, OUTLINE.lines), "/specifications/core/2.7.0/nwb.base");
  assert.equal(landingObject(placed.slice(0, 1), OUTLINE.lines), "/acquisition/movie");
  assert.equal(landingObject([], OUTLINE.lines), undefined);
});
