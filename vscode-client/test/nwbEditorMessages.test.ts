import assert from "node:assert/strict";
import { test } from "node:test";

import { type EditorState, handleEditorMessage, parseEditorMessage } from "../src/nwbEditorMessages";

const STATE: EditorState = {
  file: "/data/x.nwb",
  outline: {
    text: "/\n  acquisition\n    ephys  <ElectricalSeries>\n",
    lines: { "/": 0, "/acquisition": 1, "/acquisition/ephys": 2 },
    objects: {},
  },
  findings: [
    { path: "/acquisition/ephys", code: "M010", severity: "error", message: "m", object: "/acquisition/ephys" },
  ],
};

test("only well-formed messages from the webview are accepted", () => {
  assert.deepEqual(parseEditorMessage({ type: "ready" }), { type: "ready" });
  assert.deepEqual(parseEditorMessage({ type: "command", command: "graph" }), {
    type: "command",
    command: "graph",
  });
  assert.deepEqual(parseEditorMessage({ type: "command", command: "references", path: "/a" }), {
    type: "command",
    command: "references",
    path: "/a",
  });
  for (const bad of [
    null,
    "ready",
    { type: "command", command: "rm -rf" },
    { type: "command", command: "toString" },
    { type: "command", command: "graph", path: "relative" },
    { type: "command", command: "graph", path: 3 },
  ]) {
    assert.equal(parseEditorMessage(bad), undefined, JSON.stringify(bad));
  }
});

test("ready answers with the outline, its rows and the object to land on", () => {
  const action = handleEditorMessage({ type: "ready" }, STATE);
  assert.equal(action.kind, "post");
  if (action.kind !== "post" || action.message.type !== "outline") throw new Error("no outline");
  assert.equal(action.message.file, "/data/x.nwb");
  assert.deepEqual(
    action.message.rows.map((r) => r.path),
    ["/", "/acquisition", "/acquisition/ephys"],
  );
  assert.deepEqual(action.message.collapsed, []);
  assert.equal(action.message.reveal, "/acquisition/ephys");
});

test("ready before the outline has loaded waits; a failed load answers with its error", () => {
  assert.deepEqual(handleEditorMessage({ type: "ready" }, { file: "x", findings: [] }), { kind: "none" });
  assert.deepEqual(handleEditorMessage({ type: "ready" }, { file: "x", findings: [], error: "boom" }), {
    kind: "post",
    message: { type: "error", message: "boom" },
  });
});

test("buttons run the extension's commands, on the selected object where given", () => {
  assert.deepEqual(handleEditorMessage({ type: "command", command: "validate" }, STATE), {
    kind: "run",
    command: "nwb.validateFile",
    path: undefined,
  });
  assert.deepEqual(handleEditorMessage({ type: "command", command: "references", path: "/acquisition" }, STATE), {
    kind: "run",
    command: "nwb.findReferencesTo",
    path: "/acquisition",
  });
  assert.deepEqual(handleEditorMessage({ type: "command", command: "truncate" }, STATE).kind, "run");
  assert.deepEqual(handleEditorMessage({ bogus: 1 }, STATE), { kind: "none" });
});
