import assert from "node:assert/strict";
import { test } from "node:test";

import { choosePython, missingServerMessage, serverArgs, substitute } from "../src/interpreter";

const base = { configured: "", workspaceFolder: "/ws", pythonExtension: undefined, env: {} };

test("the setting wins, with ${workspaceFolder} and ${env:...} replaced", () => {
  const choice = choosePython({
    ...base,
    configured: "${workspaceFolder}/.venv/bin/python",
    pythonExtension: "/usr/bin/python3.12",
  });
  assert.deepEqual(choice, { command: "/ws/.venv/bin/python", source: "setting" });
  assert.equal(substitute("${env:HOME}/py", undefined, { HOME: "/home/me" }), "/home/me/py");
});

test("then the Python extension's interpreter, then python3", () => {
  assert.deepEqual(choosePython({ ...base, pythonExtension: "/opt/conda/bin/python" }), {
    command: "/opt/conda/bin/python",
    source: "python-extension",
  });
  assert.deepEqual(choosePython({ ...base, configured: "   " }), {
    command: "python3",
    source: "default",
  });
});

test("${workspaceFolder} without an open folder is a clear error", () => {
  assert.throws(
    () => choosePython({ ...base, configured: "${workspaceFolder}/py", workspaceFolder: undefined }),
    /no folder is open/,
  );
});

test("the not-installed message names the interpreter and the fix", () => {
  const message = missingServerMessage(
    { command: "/ws/.venv/bin/python", source: "setting" },
    "Traceback...\nModuleNotFoundError: No module named 'nwb_lsp'\n",
  );
  assert.match(message, /nwb.server.pythonPath/);
  assert.match(message, /No module named 'nwb_lsp'/);
  assert.match(message, /\/ws\/.venv\/bin\/python -m pip install nwb-lsp/);
  assert.deepEqual(serverArgs(), ["-m", "nwb_lsp", "serve"]);
});
