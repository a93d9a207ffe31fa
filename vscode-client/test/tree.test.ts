import assert from "node:assert/strict";
import { test } from "node:test";

import { lineOf, pathAtLine, placeFindings } from "../src/tree";

const TREE = {
  text: "/  <NWBFile>\n  acquisition\n    movie  <ImageSeries>\n      data  [0, 0, 0] uint\n",
  lines: { "/": 0, "/acquisition": 1, "/acquisition/movie": 2, "/acquisition/movie/data": 3 },
};

test("findings land on the line of their path, or of the nearest ancestor shown", () => {
  assert.equal(lineOf("/acquisition/movie/data", TREE.lines), 3);
  assert.equal(lineOf("/acquisition/movie/external_file", TREE.lines), 2);
  assert.equal(lineOf("/nowhere/deep", TREE.lines), 0);
  const placed = placeFindings(TREE, [
    {
      code: "T005",
      severity: "error",
      message: "format must be 'external'",
      location: { hdf5_path: "/acquisition/movie" },
    },
  ]);
  assert.deepEqual(placed, [
    {
      line: 2,
      severity: "error",
      message: "/acquisition/movie: format must be 'external'",
      code: "T005",
    },
  ]);
  assert.equal(pathAtLine(3, TREE.lines), "/acquisition/movie/data");
  assert.equal(pathAtLine(9, TREE.lines), undefined);
});
