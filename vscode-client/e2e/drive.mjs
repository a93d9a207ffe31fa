// Drives code-server (a real VS Code) with the extension installed, in Debian's
// Chromium through playwright-core. Called by run.sh with NWB_E2E_* set; exits 1 when
// any check fails. Screenshots go to NWB_E2E_SHOTS.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import { viewerState } from "../../tests/tools/browser/viewer-state.mjs";

const env = process.env;
const CACHE = env.NWB_E2E_CACHE;
const SHOTS = env.NWB_E2E_SHOTS;
const REPO = env.NWB_E2E_REPO;
const require = createRequire(path.join(CACHE, "package.json"));
const { chromium } = require("playwright-core");
const CODE_SERVER = path.join(CACHE, "node_modules", ".bin", "code-server");
const PORT = 18000 + Math.floor(Math.random() * 1000);
mkdirSync(SHOTS, { recursive: true });

function step(message) {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---- the workspace ------------------------------------------------------------------
// A broken spec YAML, two broken .nwb files, a valid one, and a file whose external
// link dangles (its target, realistic.nwb, is not in its folder).
const root = mkdtempSync(path.join(tmpdir(), "nwb-e2e-"));
const workspace = path.join(root, "workspace");
const userData = path.join(root, "user-data");
const extensions = path.join(root, "extensions");
mkdirSync(path.join(workspace, "links"), { recursive: true });
mkdirSync(path.join(userData, "User"), { recursive: true });
const data = (p) => path.join(REPO, "tests", "data", p);
cpSync(data("spec/ndx-broken"), path.join(workspace, "ndx-broken"), { recursive: true });
copyFileSync(
  data("corpus/2.1.0_imageseries_no_data.nwb"),
  path.join(workspace, "imageseries_no_data.nwb"),
);
copyFileSync(
  data("corpus/2.1.0_imageseries_non_external_format.nwb"),
  path.join(workspace, "imageseries_bad_format.nwb"),
);
copyFileSync(data("realistic.nwb"), path.join(workspace, "realistic.nwb"));
copyFileSync(data("realistic_movie.avi"), path.join(workspace, "realistic_movie.avi"));
copyFileSync(data("external_link.nwb"), path.join(workspace, "links", "external_link.nwb"));
// A real-sized session (about 300 HDF5 objects), written by pynwb with the generator
// of the HDF5 tests, for the graph's legibility checks.
const SESSION = path.join(workspace, "sessions", "session.nwb");
mkdirSync(path.dirname(SESSION), { recursive: true });
const written = spawnSync(
  env.NWB_E2E_PYTHON,
  [
    "-c",
    "import sys; from pathlib import Path; sys.path.insert(0, '.');" +
      "from tests.unit.hdf5.conftest import DANDI_EXTRA_SERIES, write_dandi_like;" +
      "write_dandi_like(Path(sys.argv[1]), extra_series=DANDI_EXTRA_SERIES)",
    SESSION,
  ],
  { cwd: REPO, encoding: "utf8" },
);
if (written.status !== 0) throw new Error(`could not write ${SESSION}: ${written.stderr}`);
const settings = {
  "nwb.server.pythonPath": env.NWB_E2E_PYTHON,
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "workbench.colorTheme": "Default Dark Modern",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "workbench.tips.enabled": false,
  "chat.commandCenter.enabled": false,
  "workbench.editor.enablePreview": false,
};
const settingsFile = path.join(userData, "User", "settings.json");
writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
// An interpreter without nwb-lsp, on any machine: the same Python without site-packages.
const noServerPython = path.join(root, "python-without-nwb-lsp");
writeFileSync(noServerPython, `#!/bin/sh\nexec "${env.NWB_E2E_PYTHON}" -S "$@"\n`, { mode: 0o755 });

// ---- install the .vsix and start code-server ------------------------------------------
const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
step(`installing ${path.basename(env.NWB_E2E_VSIX)} into code-server`);
const installed = spawnSync(CODE_SERVER, [...common, "--install-extension", env.NWB_E2E_VSIX], {
  encoding: "utf8",
});
if (installed.status !== 0 || !/successfully installed/i.test(installed.stdout)) {
  throw new Error(`extension install failed:\n${installed.stdout}\n${installed.stderr}`);
}
step(`starting code-server on 127.0.0.1:${PORT}`);
const server = spawn(
  CODE_SERVER,
  [
    ...common,
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${PORT}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    workspace,
  ],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not start:\n${serverLog}`);
}

// ---- helpers ----------------------------------------------------------------------------
const failures = [];
function check(condition, message) {
  if (condition) step(`ok: ${message}`);
  else {
    step(`FAILED: ${message}`);
    failures.push(message);
  }
}

async function pollFor(what, probe, timeoutMs) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  step(`timed out waiting for ${what}`);
  return last;
}

/**
 * Runs one section; an exception fails its check instead of ending the run, and leaves
 * a screenshot of the moment.
 */
let sections = 0;
async function section(page, name, run) {
  step(name);
  sections += 1;
  try {
    await run();
  } catch (error) {
    check(false, `${name}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    await page.screenshot({ path: path.join(SHOTS, `failed-${sections}.png`) }).catch(() => {});
  }
}

/** Runs a command from the palette; fails unless the highlighted entry is that command. */
async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  await page.waitForTimeout(800);
  const focused = page.locator(".quick-input-list .monaco-list-row.focused .label-name");
  const label = (await focused.first().textContent({ timeout: 5000 }).catch(() => "")) ?? "";
  if (label.trim() !== title) {
    await page.keyboard.press("Escape");
    throw new Error(`the palette offers "${label.trim()}", not "${title}"`);
  }
  await page.keyboard.press("Enter");
}

async function hidePanel(page) {
  if (await page.locator(".part.panel").first().isVisible()) {
    await runCommand(page, "View: Toggle Panel Visibility");
    await page.waitForTimeout(500);
  }
}

async function quickOpen(page, name) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(name);
  // File search can take a while on a busy machine: wait until the file is offered.
  const offered = page.locator(".quick-input-list .monaco-list-row", { hasText: name });
  await offered.first().waitFor({ state: "visible", timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.keyboard.press("Enter");
}

/** Right-click a file in the Explorer and run one of its context menu's items. */
async function explorerMenu(page, fileName, itemTitle) {
  await runCommand(page, "View: Show Explorer");
  await page.waitForTimeout(800);
  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: fileName });
  await row.first().click({ button: "right" });
  const item = page.locator(".context-view .action-label", { hasText: itemTitle });
  await item.first().waitFor({ state: "visible", timeout: 10_000 });
  // The menu focuses the item under the pointer; Enter runs it.
  await item.first().hover();
  await page.waitForTimeout(300);
  await page.keyboard.press("Enter");
}

/**
 * The Problems panel as { file: [codes] }: its tree has the files at level 1 and their
 * problems (".. nwb-lsp(CODE) [Ln, Col]") at level 2.
 */
async function problemsByFile(page) {
  const rows = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".markers-panel .monaco-list-row"), (row) => ({
      level: row.getAttribute("aria-level"),
      label:
        row.querySelector(".label-name")?.textContent ??
        row.querySelector(".monaco-icon-label")?.textContent ??
        "",
      text: row.textContent ?? "",
    })),
  );
  const byFile = {};
  let current;
  for (const row of rows) {
    if (row.level === "1") {
      current = row.label.trim();
      byFile[current] = [];
    } else if (current !== undefined) {
      const code = /nwb-lsp\(?([A-Z]\d{3})/.exec(row.text);
      if (code) byFile[current].push(code[1]);
    }
  }
  return byFile;
}

/** The #stats element of the graph webview showing `file`, read from its frame. */
async function graphFrame(page, fileSuffix) {
  for (const frame of page.frames()) {
    try {
      const stats = frame.locator("#stats");
      if ((await stats.count()) === 0) continue;
      const file = (await stats.getAttribute("data-file")) ?? "";
      if (!file.endsWith(fileSuffix)) continue;
      const nodes = Number(await stats.getAttribute("data-nodes"));
      if (!(nodes > 0)) continue;
      return {
        frame,
        nodes,
        drawn: Number(await stats.getAttribute("data-drawn")),
        broken: Number(await stats.getAttribute("data-broken")),
        drawnBroken: Number(await stats.getAttribute("data-drawn-broken")),
        canvases: await frame.locator("#graph canvas").count(),
        text: (await stats.textContent()) ?? "",
      };
    } catch {
      // a frame that went away while it was read
    }
  }
  return undefined;
}

// The graph of the session: objects of the pynwb-written file (tests/unit/hdf5/conftest.py).
const RAW = "/acquisition/raw";
const ELECTRODES = "/general/extracellular_ephys/electrodes";
const ELECTRODES_HOP = [
  ELECTRODES,
  "/acquisition/raw/electrodes",
  "/general/extracellular_ephys/shank0",
  "/general/extracellular_ephys/shank1",
  "/processing/ecephys/LFP/lfp/electrodes",
  "/units/electrodes",
];

/** "NWB: Show Dependency Graph" of the workspace file named `name`, once drawn. */
async function openGraph(page, name) {
  await runCommand(page, "NWB: Show Dependency Graph");
  const pick = page.locator(".quick-input-widget input");
  await pick.waitFor({ state: "visible" });
  await page.waitForTimeout(500);
  await pick.fill(name);
  await page.waitForTimeout(800);
  await page.keyboard.press("Enter");
  const graph = await pollFor(`the graph webview of ${name}`, () => graphFrame(page, name), 90_000);
  if (graph === undefined) return undefined;
  await graph.frame.waitForFunction(() => window.nwbGraphViewer?.ready, null, { timeout: 30_000 });
  return graph;
}

/** The NWB File editor's webview showing `file` (its #tree and #stats), from its frame. */
async function editorFrame(page, fileSuffix) {
  for (const frame of page.frames()) {
    try {
      const stats = frame.locator("#stats[data-objects]");
      if ((await stats.count()) === 0 || (await frame.locator("#tree").count()) === 0) continue;
      if (!((await stats.getAttribute("data-file")) ?? "").endsWith(fileSuffix)) continue;
      const objects = Number(await stats.getAttribute("data-objects"));
      if (objects > 0) return { frame, objects };
    } catch {
      // a frame that went away while it was read
    }
  }
  return undefined;
}

// ---- the run ----------------------------------------------------------------------------
await waitForServer();
const browser = await chromium.launch({
  executablePath: env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  step("opening the workspace");
  await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
  await page.waitForTimeout(3000);

  await section(page, "Problems: the spec YAML and the .nwb files", async () => {
    await quickOpen(page, "ndx-broken.extensions.yaml");
    await page.waitForTimeout(1500);
    await runCommand(page, "View: Focus Problems (Errors, Warnings, Infos)");
    await page.waitForTimeout(500);
    // Maximized, every row is rendered (the list only renders the rows in view).
    await runCommand(page, "View: Toggle Maximized Panel");
    const want = {
      "ndx-broken.extensions.yaml": ["Y009", "Y002"],
      "imageseries_no_data.nwb": ["T006"],
      "imageseries_bad_format.nwb": ["T004"],
      "external_link.nwb": ["G002"],
    };
    const complete = (found) =>
      Object.entries(want).every(([file, codes]) => codes.every((c) => found[file]?.includes(c)));
    const found =
      (await pollFor(
        "Problems rows for every broken file",
        async () => {
          const now = await problemsByFile(page);
          return complete(now) ? now : undefined;
        },
        Number(env.NWB_E2E_PROBLEMS_TIMEOUT ?? 120_000),
      )) ?? (await problemsByFile(page));
    writeFileSync(path.join(SHOTS, "problems.json"), JSON.stringify(found, null, 2));
    for (const [file, codes] of Object.entries(want)) {
      check(
        codes.every((c) => found[file]?.includes(c)),
        `Problems lists ${codes.join(", ")} for ${file} (found: ${found[file]?.join(", ") ?? "none"})`,
      );
    }
    check(!("realistic.nwb" in found), "Problems lists nothing for the valid realistic.nwb");
    await runCommand(page, "View: Toggle Maximized Panel");
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, "problems.png") });
  });

  await section(page, "Show Dependency Graph from the palette, picking realistic.nwb", async () => {
    await runCommand(page, "NWB: Show Dependency Graph");
    const pick = page.locator(".quick-input-widget input");
    await pick.waitFor({ state: "visible" });
    await page.waitForTimeout(500);
    await pick.fill("realistic.nwb");
    await page.waitForTimeout(800);
    await page.keyboard.press("Enter");
    const graph = await pollFor(
      "the graph webview of realistic.nwb",
      () => graphFrame(page, "realistic.nwb"),
      90_000,
    );
    check(graph !== undefined && graph.nodes > 50, `the graph has ${graph?.nodes ?? 0} nodes`);
    // The viewer opens at the typed objects: it draws what is open, not every node.
    check(
      graph !== undefined && graph.drawn > 5 && graph.drawn <= graph.nodes,
      `cytoscape drew ${graph?.drawn} of ${graph?.nodes} nodes`,
    );
    check(graph !== undefined && graph.canvases > 0, "the graph is drawn on a canvas");
    check(/[1-9]\d* references/.test(graph?.text ?? ""), `reference edges: ${graph?.text}`);
    check(graph !== undefined && graph.broken === 0, "the valid file has no broken references");
    if (graph === undefined) return;
    // Enter in the search box selects the first match as a click does.
    await graph.frame.locator("#search").fill("/acquisition/ephys");
    await graph.frame.locator("#search").press("Enter");
    const details = graph.frame.locator("#details");
    await pollFor(
      "the attributes of /acquisition/ephys",
      async () => (await details.getAttribute("data-node")) === "/acquisition/ephys",
      10_000,
    );
    const text = (await details.textContent()) ?? "";
    check(
      /neurodata_type\s*ElectricalSeries/.test(text) && text.includes("Find references"),
      "the side panel shows the node's attributes",
    );
    await hidePanel(page);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SHOTS, "graph.png") });
  });

  await section(page, "The graph of a real-sized session: legible, expandable, stable", async () => {
    const first = await openGraph(page, "session.nwb");
    if (first === undefined) return;
    const opened = await viewerState(first.frame);
    check(opened.visible.length > 20, `the session opens with ${opened.visible.length} objects drawn`);
    check(opened.overlaps.length === 0, `no label boxes overlap (${JSON.stringify(opened.overlaps.slice(0, 3))})`);
    check(opened.minFont >= 10 - 1e-9, `the smallest rendered font is ${opened.minFont.toFixed(1)} px`);
    check(
      opened.visible.includes(RAW) && !opened.visible.includes(`${RAW}/data`),
      "it opens at the typed objects (the ElectricalSeries closed)",
    );
    await first.frame.evaluate((id) => window.nwbGraphViewer.expand(id), RAW);
    const expanded = await viewerState(first.frame);
    check(
      expanded.visible.includes(`${RAW}/data`) && expanded.visible.length > opened.visible.length,
      `expanding ${RAW} adds its children (${opened.visible.length} -> ${expanded.visible.length})`,
    );
    check(expanded.overlaps.length === 0, "still no overlapping labels after expanding");
    await first.frame.evaluate((id) => window.nwbGraphViewer.focus(id, 1), ELECTRODES);
    const focused = await viewerState(first.frame);
    check(
      JSON.stringify([...focused.visible].sort()) === JSON.stringify([...ELECTRODES_HOP].sort()),
      `focus(electrodes, 1) shows the table and its reference/link neighbours (${focused.visible.join(", ")})`,
    );
    await page.screenshot({ path: path.join(SHOTS, "graph-session-focus.png") });
    await runCommand(page, "View: Close All Editor Groups");
    await page.waitForTimeout(1000);
    const second = await openGraph(page, "session.nwb");
    const again = second && (await viewerState(second.frame));
    check(
      again !== undefined && again.signature === opened.signature,
      `the same layout when opened again (${opened.signature}, ${again?.signature})`,
    );
    await page.screenshot({ path: path.join(SHOTS, "graph-session.png") });
    await runCommand(page, "View: Close All Editor Groups");
  });

  await section(page, "Show Dependency Graph of the open .nwb file (a dangling link)", async () => {
    await quickOpen(page, "external_link.nwb");
    await page.waitForTimeout(1500);
    await runCommand(page, "NWB: Show Dependency Graph");
    const graph = await pollFor(
      "the graph webview of external_link.nwb (the active tab, no pick)",
      () => graphFrame(page, "external_link.nwb"),
      60_000,
    );
    check(graph !== undefined && graph.nodes > 5, `the graph has ${graph?.nodes ?? 0} nodes`);
    check(graph !== undefined && graph.broken >= 1, `broken: ${graph?.broken ?? "?"}`);
    check(
      graph !== undefined && graph.drawnBroken >= 2,
      `the dangling link and its target are drawn as broken (${graph?.drawnBroken})`,
    );
    await page.screenshot({ path: path.join(SHOTS, "graph-broken.png") });
  });

  await section(page, "Validate from the Explorer's context menu", async () => {
    await hidePanel(page);
    await page.waitForTimeout(500);
    check(!(await page.locator(".markers-panel").first().isVisible()), "Problems is closed");
    await explorerMenu(page, "imageseries_bad_format.nwb", "Validate");
    const toast = await pollFor(
      "the validation summary",
      async () => {
        const texts = await page
          .locator(".notifications-toasts .notification-list-item-message")
          .allTextContents();
        return texts.find((t) => t.includes("imageseries_bad_format.nwb:"));
      },
      60_000,
    );
    check(
      toast === "imageseries_bad_format.nwb: 1 error(s), 1 warning(s), 0 note(s)",
      `the summary reads: ${toast}`,
    );
    const problemsShown = await page.locator(".markers-panel").first().isVisible();
    check(problemsShown, "Validate reveals the Problems panel");
  });

  await section(page, "Open an .nwb file from the Explorer: the NWB File editor", async () => {
    await hidePanel(page);
    await runCommand(page, "View: Show Explorer");
    await page.waitForTimeout(800);
    const row = page.locator(".explorer-folders-view .monaco-list-row", {
      hasText: "imageseries_bad_format.nwb",
    });
    await row.first().click();
    const shown = await pollFor(
      "the NWB File editor of imageseries_bad_format.nwb",
      () => editorFrame(page, "imageseries_bad_format.nwb"),
      60_000,
    );
    check(shown !== undefined && shown.objects > 5, `the editor shows ${shown?.objects ?? 0} objects`);
    if (shown === undefined) return;
    const { frame } = shown;
    check((await frame.locator("#tree .finding[data-code='T004']").count()) === 1, "T004 shown once, inline");
    const landed = (await frame.locator(".row.selected").first().getAttribute("data-path")) ?? "";
    const inline = await frame.locator(".row.selected + .finding").count();
    check(landed !== "" && inline > 0, `it opens on the object of a finding (${landed})`);
    check(
      (await frame.locator(".row[data-path='/specifications']").count()) === 1 &&
        (await frame.locator(".row[data-path^='/specifications/']").count()) === 0,
      "/specifications is in the tree, collapsed",
    );
    const details = (await frame.locator("#details").textContent()) ?? "";
    check(details.includes(landed) && details.includes("kind"), "the details pane shows the object");
    await page.screenshot({ path: path.join(SHOTS, "nwb-editor.png") });
  });

  await section(page, "Show File Tree as Text: no second copy of the findings", async () => {
    await explorerMenu(page, "imageseries_bad_format.nwb", "Show File Tree as Text");
    const tab = page.locator(".tabs-container .tab", { hasText: "imageseries_bad_format.nwb.tree" });
    await tab.first().waitFor({ state: "visible", timeout: 60_000 });
    await runCommand(page, "View: Focus Problems (Errors, Warnings, Infos)");
    await page.waitForTimeout(2000);
    const found = await problemsByFile(page);
    check(
      !Object.keys(found).some((k) => k.endsWith(".tree")),
      `no findings under the tree document (${Object.keys(found).join(", ")})`,
    );
    const t004 = found["imageseries_bad_format.nwb"]?.filter((c) => c === "T004").length;
    check(t004 === 1, `T004 is listed once, under the .nwb file (${t004})`);
    await page.screenshot({ path: path.join(SHOTS, "tree.png") });
  });

  await section(page, "Open an .nwb finding from its Problems row: the NWB File editor, at its object", async () => {
    await runCommand(page, "View: Close All Editor Groups");
    await page.waitForTimeout(800);
    await runCommand(page, "View: Focus Problems (Errors, Warnings, Infos)");
    await page.waitForTimeout(1000);
    // The row of the file's error (T004: its only error, so the most severe finding,
    // which is where VS Code lets a custom editor land; see docs/vscode.md).
    const rows = page.locator(".markers-panel .monaco-list-row[aria-level='2']", {
      hasText: "T004",
    });
    await rows.first().waitFor({ state: "visible", timeout: 30_000 });
    // on the message, at the row's left: its code is a link to docs/codes.md
    await rows.first().click({ position: { x: 90, y: 10 } });
    const shown = await pollFor(
      "the NWB File editor opened from the Problems row",
      () => editorFrame(page, "imageseries_bad_format.nwb"),
      60_000,
    );
    check(shown !== undefined, "a Problems row of an .nwb opens the NWB File editor");
    const binary = await page.locator(".monaco-editor-pane-placeholder, .binary-editor").count();
    check(binary === 0, "not VS Code's binary-file page");
    if (shown === undefined) return;
    const landed = (await shown.frame.locator(".row.selected").first().getAttribute("data-path")) ?? "";
    // the object a finding belongs to is the row above its line in the tree
    const owner = await shown.frame.evaluate(() => {
      let node = document.querySelector(".finding[data-code='T004']")?.previousElementSibling;
      while (node && !node.classList.contains("row")) node = node.previousElementSibling;
      return node?.getAttribute("data-path") ?? "";
    });
    check(landed !== "" && landed === owner, `it lands on the object of T004 (${landed}, ${owner})`);
    await page.screenshot({ path: path.join(SHOTS, "nwb-editor-from-problems.png") });
    await runCommand(page, "View: Close All Editor Groups");
  });
  await section(page, "A changed interpreter without nwb-lsp: restart, then a clear error", async () => {
    // As a person would: the Settings editor, filtered to the setting (the search box
    // has the focus when it opens).
    await runCommand(page, "Preferences: Open User Settings");
    await page.locator(".settings-editor").first().waitFor({ state: "visible" });
    await page.waitForTimeout(1000);
    await page.keyboard.type("nwb.server.pythonPath");
    await page.waitForTimeout(1500);
    const field = page.locator(".settings-editor .setting-item-contents input").first();
    await field.fill(noServerPython);
    await field.press("Enter");
    const toasts = page.locator(".notifications-toasts .notification-list-item");
    const offer = toasts.filter({ hasText: "the Python interpreter changed" });
    await offer.first().waitFor({ state: "visible", timeout: 30_000 });
    await offer.first().getByRole("button", { name: "Restart Server" }).click();
    const error = await pollFor(
      "the not-installed error",
      async () => {
        const texts = await page
          .locator(".notifications-toasts .notification-list-item-message")
          .allTextContents();
        return texts.find((t) => t.includes("not installed"));
      },
      30_000,
    );
    check(
      error?.includes(noServerPython) &&
        error.includes(`${noServerPython} -m pip install nwb-lsp`) &&
        error.includes("nwb.server.pythonPath"),
      `the error names the interpreter and the fix: ${error}`,
    );
    await page.screenshot({ path: path.join(SHOTS, "no-server.png") });
  });
} finally {
  await browser.close();
  server.kill();
  writeFileSync(path.join(SHOTS, "code-server.log"), serverLog);
  await new Promise((r) => setTimeout(r, 500));
  rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
if (failures.length) {
  step(`${failures.length} check(s) failed; screenshots and the log are in ${SHOTS}`);
  process.exit(1);
}
step(`all checks passed; screenshots in ${SHOTS}`);
