import assert from "node:assert/strict";
import { test } from "node:test";

import { lineOf, pathAtLine } from "../src/tree";

const TREE = {
  text: "/  <NWBFile>\n  acquisition\n    movie  <ImageSeries>\n      data  [0, 0, 0] uint\n",
  lines: { "/": 0, "/acquisition": 1, "/acquisition/movie": 2, "/acquisition/movie/data": 3 },
};

test("a path lands on its line, or on the line of its nearest ancestor shown", () => {
  assert.equal(lineOf("/acquisition/movie/data", TREE.lines), 3);
  assert.equal(lineOf("/acquisition/movie/external_file", TREE.lines), 2);
  assert.equal(lineOf("/nowhere/deep", TREE.lines), 0);
  assert.equal(pathAtLine(3, TREE.lines), "/acquisition/movie/data");
  assert.equal(pathAtLine(9, TREE.lines), undefined);
});
