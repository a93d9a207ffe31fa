// Drives code-server (a real VS Code) with the extension installed, in Debian's
// Chromium through playwright-core. Called by run.sh with NWB_E2E_* set.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const env = process.env;
const CACHE = env.NWB_E2E_CACHE;
const OUT = env.NWB_E2E_OUT;
const REPO = env.NWB_E2E_REPO;
const require = createRequire(path.join(CACHE, "package.json"));
const { chromium } = require("playwright-core");
const CODE_SERVER = path.join(CACHE, "node_modules", ".bin", "code-server");
const PORT = 18000 + Math.floor(Math.random() * 1000);

function step(message) {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---- a workspace with a broken spec YAML, a broken .nwb and a valid one --------------
const root = mkdtempSync(path.join(tmpdir(), "nwb-e2e-"));
const workspace = path.join(root, "workspace");
const userData = path.join(root, "user-data");
const extensions = path.join(root, "extensions");
mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
mkdirSync(path.join(userData, "User"), { recursive: true });
cpSync(path.join(REPO, "tests/data/spec/ndx-broken"), path.join(workspace, "ndx-broken"), {
  recursive: true,
});
copyFileSync(
  path.join(REPO, "tests/data/corpus/2.1.0_imageseries_non_external_format.nwb"),
  path.join(workspace, "broken.nwb"),
);
copyFileSync(path.join(REPO, "tests/data/realistic.nwb"), path.join(workspace, "realistic.nwb"));
copyFileSync(
  path.join(REPO, "tests/data/realistic_movie.avi"),
  path.join(workspace, "realistic_movie.avi"),
);
const settings = {
  "nwb.server.pythonPath": env.NWB_E2E_PYTHON,
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "workbench.colorTheme": "Default Dark Modern",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "workbench.tips.enabled": false,
  "chat.commandCenter.enabled": false,
};
writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify(settings, null, 2));

// ---- install the .vsix and start code-server -------------------------------------------
const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
step(`installing ${path.basename(env.NWB_E2E_VSIX)}`);
const installed = spawnSync(CODE_SERVER, [...common, "--install-extension", env.NWB_E2E_VSIX], {
  encoding: "utf8",
});
if (installed.status !== 0) {
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

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  await page.waitForTimeout(800);
  await page.keyboard.press("Enter");
}

async function problemsText(page) {
  // Rows of every list on the page; the Problems rows read "message nwb-lsp(CODE) [Ln, Col]".
  const rows = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".monaco-list-row"), (row) => row.textContent ?? ""),
  );
  return rows.filter((row) => row.includes("nwb-lsp")).join("\n");
}

async function graphStats(page) {
  for (const frame of page.frames()) {
    try {
      const stats = frame.locator("#stats");
      if ((await stats.count()) === 0) continue;
      const nodes = Number(await stats.getAttribute("data-nodes"));
      if (nodes > 0) {
        const canvases = await frame.locator("#graph canvas").count();
        return { nodes, canvases, text: await stats.textContent() };
      }
    } catch {
      // a frame that went away
    }
  }
  return undefined;
}

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

  step("opening the broken spec YAML");
  await page.keyboard.press("Control+P");
  const quick = page.locator(".quick-input-widget input");
  await quick.waitFor({ state: "visible" });
  await quick.fill("ndx-broken.extensions.yaml");
  await page.waitForTimeout(1000);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(2000);

  step("opening the Problems panel");
  await runCommand(page, "View: Focus Problems");
  const problems = await pollFor(
    "Problems rows for the spec YAML and the .nwb file",
    async () => {
      const text = await problemsText(page);
      return text.includes("Y009") && text.includes("T00") ? text : undefined;
    },
    Number(env.NWB_E2E_PROBLEMS_TIMEOUT ?? 120_000),
  );
  const text = problems ?? (await problemsText(page));
  writeFileSync(
    path.join(OUT, "problems.txt"),
    `${text}\n----\n${await page.evaluate(() => document.body.innerText)}`,
  );
  check(/Y009/.test(text), "Problems lists Y009 (unknown dtype) from the spec YAML");
  check(/Y002/.test(text), "Problems lists Y002 (unknown key) from the spec YAML");
  check(/T00\d/.test(text), "Problems lists a T rule finding from broken.nwb");
  await page.screenshot({ path: path.join(OUT, "problems.png") });

  step("running NWB: Show Dependency Graph on realistic.nwb");
  await runCommand(page, "NWB: Show Dependency Graph");
  const pick = page.locator(".quick-input-widget input");
  await pick.waitFor({ state: "visible" });
  await pick.fill("realistic.nwb");
  await page.waitForTimeout(800);
  await page.keyboard.press("Enter");
  const stats = await pollFor("the graph webview to draw", () => graphStats(page), 90_000);
  check(stats !== undefined && stats.nodes > 5, `the webview drew ${stats?.nodes ?? 0} nodes`);
  check(stats !== undefined && stats.canvases > 0, "the graph is drawn on a canvas");
  check(/[1-9]\d* references/.test(stats?.text ?? ""), `reference edges: ${stats?.text}`);
  await runCommand(page, "View: Close Panel");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(OUT, "graph.png") });
} finally {
  await browser.close();
  server.kill();
}
writeFileSync(path.join(OUT, "code-server.log"), serverLog);
if (failures.length) {
  step(`${failures.length} check(s) failed; screenshots and the log are in ${OUT}`);
  process.exit(1);
}
step(`all checks passed; screenshots in ${OUT}`);
