import assert from "node:assert/strict";
import { test } from "node:test";

import { chooseTarget, isNwb } from "../src/target";

const f = (path: string) => ({ path });

test("the file passed by the Explorer wins", () => {
  assert.deepEqual(chooseTarget(f("/ws/a.nwb"), f("/ws/b.nwb"), [f("/ws/c.nwb")]), {
    kind: "file",
    file: f("/ws/a.nwb"),
  });
});

test("then the active tab, if it is an .nwb file", () => {
  assert.deepEqual(chooseTarget(undefined, f("/ws/B.NWB"), [f("/ws/a.nwb"), f("/ws/c.nwb")]), {
    kind: "file",
    file: f("/ws/B.NWB"),
  });
  // A YAML tab is no target: the workspace's files are offered instead.
  assert.deepEqual(chooseTarget(undefined, f("/ws/x.yaml"), [f("/ws/c.nwb"), f("/ws/a.nwb")]), {
    kind: "pick",
    files: [f("/ws/a.nwb"), f("/ws/c.nwb")],
  });
});

test("the only .nwb file of the workspace, or a dialog when there is none", () => {
  assert.deepEqual(chooseTarget(undefined, undefined, [f("/ws/only.nwb"), f("/ws/n.yaml")]), {
    kind: "file",
    file: f("/ws/only.nwb"),
  });
  assert.deepEqual(chooseTarget(undefined, undefined, []), { kind: "browse" });
  assert.equal(isNwb(f("/ws/x.nwb.json")), false);
  assert.equal(isNwb(undefined), false);
});
