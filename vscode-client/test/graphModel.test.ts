import assert from "node:assert/strict";
import { test } from "node:test";

import {
  describeNode,
  handleMessage,
  type NodeLinkGraph,
  parseWebviewMessage,
  stats,
} from "../src/graphModel";

const GRAPH: NodeLinkGraph = {
  directed: true,
  nodes: [
    { id: "/", kind: "group", neurodata_type: "NWBFile" },
    { id: "/acquisition/ephys", kind: "group", neurodata_type: "ElectricalSeries" },
    { id: "/general/devices/probe", kind: "group", neurodata_type: "Device" },
    { id: "/acquisition/ephys/data", kind: "dataset", dtype: "int16", shape: [50, 4] },
    { id: "<missing>", kind: "missing" },
    { id: "/gone", kind: "external", exists: false },
  ],
  links: [
    { source: "/", target: "/acquisition/ephys", label: "child" },
    { source: "/acquisition/ephys", target: "/acquisition/ephys/data", label: "child" },
    {
      source: "/acquisition/ephys",
      target: "/general/devices/probe",
      label: "reference",
      via: "attribute",
      name: "device",
      count: 3,
    },
    { source: "/acquisition/ephys", target: "<missing>", label: "reference", via: "dataset" },
    { source: "/x", target: "/gone", label: "link", via: "external_link", exists: false },
    { source: "/y", target: "/general/devices/probe", label: "link", via: "soft_link", exists: true },
  ],
};

test("labels, stats and the details panel", () => {
  assert.deepEqual(stats(GRAPH), { nodes: 6, edges: 6, references: 2, links: 2, broken: 3 });
  const rows = describeNode(GRAPH.nodes[3]);
  assert.deepEqual(rows[0], ["id", "/acquisition/ephys/data"]);
  assert.deepEqual(rows.find(([k]) => k === "shape"), ["shape", "[50,4]"]);
});

test("webview messages: ready posts the graph or the error; others map to actions", () => {
  const ready = handleMessage({ type: "ready" }, "/f.nwb", GRAPH, undefined);
  assert.equal(ready.kind, "post");
  if (ready.kind === "post" && ready.message.type === "graph") {
    assert.equal(ready.message.graph, GRAPH);
    assert.equal(ready.message.stats.broken, 3);
  } else assert.fail("expected a graph message");
  assert.deepEqual(handleMessage({ type: "ready" }, "/f.nwb", undefined, "boom"), {
    kind: "post",
    message: { type: "error", message: "boom" },
  });
  assert.deepEqual(handleMessage({ type: "ready" }, "/f.nwb", undefined, undefined), {
    kind: "none",
  });
  assert.deepEqual(handleMessage({ type: "findReferences", id: "/a" }, "/f.nwb", GRAPH, undefined), {
    kind: "findReferences",
    path: "/a",
  });
  assert.deepEqual(handleMessage({ type: "reveal", id: "/a" }, "/f.nwb", GRAPH, undefined), {
    kind: "revealInTree",
    path: "/a",
  });
});

test("unknown or malformed webview messages are ignored", () => {
  assert.equal(parseWebviewMessage(null), undefined);
  assert.equal(parseWebviewMessage({ type: "select" }), undefined);
  assert.equal(parseWebviewMessage({ type: "findReferences", id: "relative" }), undefined);
  assert.equal(parseWebviewMessage({ type: "rm -rf", id: "/" }), undefined);
  assert.deepEqual(handleMessage("junk", "/f.nwb", GRAPH, undefined), { kind: "none" });
});
