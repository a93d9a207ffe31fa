/** The NWB extension: starts nwb-lsp, opens .nwb files in its editor, adds the .nwb commands. */

import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

import { GraphPanel } from "./graphPanel";
import { NwbEditorProvider } from "./nwbEditor";
import type { Outline } from "./nwbOutline";
import type { NodeLinkGraph } from "./graphModel";
import { checkInstalled, createClient, findPython, runServerCommand } from "./server";
import { redactUrl, remoteUrlProblem } from "./remote";
import { chooseTarget } from "./target";
import { type FindingLike, lineOf, type TreeResult } from "./tree";

const TREE_SCHEME = "nwb-tree";

let client: LanguageClient | undefined;
/** The server's (re)start in progress: the .nwb editor can open before it is running. */
let starting: Promise<void> = Promise.resolve();
let output: vscode.OutputChannel;
let editor: NwbEditorProvider;
const trees = new Map<string, TreeResult>();
const treeChanged = new vscode.EventEmitter<vscode.Uri>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("NWB Language Server");
  context.subscriptions.push(output, treeChanged);
  editor = NwbEditorProvider.register(context, {
    loadOutline: async (file) => {
      await starting;
      return runServerCommand<Outline>(server(), "nwb.showTree", [file.toString()]);
    },
    run: (command, file, hdf5Path) => withFile(file, (f) => runFromEditor(command, f, hdf5Path)),
  });
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(TREE_SCHEME, {
      onDidChange: treeChanged.event,
      provideTextDocumentContent: (uri) => trees.get(uri.toString())?.text ?? "",
    }),
  );
  const commands: Record<string, (uri?: vscode.Uri) => Promise<unknown>> = {
    "nwb.restartServer": () => restart(),
    "nwb.showOutput": async () => output.show(),
    "nwb.validateFile": (uri) => withFile(uri, validate),
    "nwb.validateRemoteFile": () => validateRemote(),
    "nwb.truncateFile": (uri) => withFile(uri, truncate),
    "nwb.showGraph": (uri) => withFile(uri, (file) => showGraph(context, file)),
    "nwb.showTreeView": (uri) => withFile(uri, (file) => showTree(file)),
    "nwb.findReferencesTo": (uri) => withFile(uri, (file) => findReferences(file)),
    "nwb.exportModelsOf": (uri) => withFile(uri, exportModels),
  };
  for (const [name, run] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(name, run));
  }
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("nwb.server.pythonPath")) {
        void vscode.window
          .showInformationMessage("NWB: the Python interpreter changed.", "Restart Server")
          .then((choice) => (choice ? restart() : undefined));
      }
    }),
  );
  starting = start();
  await starting;
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

async function start(): Promise<void> {
  let choice;
  try {
    choice = await findPython();
    output.appendLine(`[client] Python: ${choice.command} (from ${choice.source})`);
    await checkInstalled(choice);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`[client] ${message}`);
    const picked = await vscode.window.showErrorMessage(message, "Open Settings", "Show Output");
    if (picked === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "nwb.server.pythonPath");
    } else if (picked === "Show Output") output.show();
    return;
  }
  client = createClient(choice, output);
  try {
    await client.start();
    output.appendLine("[client] the NWB language server is running");
  } catch (error) {
    output.appendLine(`[client] the server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      "NWB: the language server failed to start; see the output channel.",
    );
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  try {
    await running.stop();
  } catch (error) {
    // A client whose server never started (or already died) cannot stop cleanly.
    output.appendLine(`[client] stopping the server: ${String(error)}`);
  }
}

async function restart(): Promise<void> {
  output.appendLine("[client] restarting");
  await stopClient();
  starting = start();
  await starting;
}

function server(): LanguageClient {
  if (client === undefined || !client.isRunning()) {
    throw new Error("the NWB language server is not running (NWB: Restart Language Server)");
  }
  return client;
}

/** The file of the active tab: a text editor, or the binary/custom editor an .nwb opens in. */
function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) {
    return input.uri;
  }
  return vscode.window.activeTextEditor?.document.uri;
}

async function pickNwbFile(argument: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const found = argument ? [] : await vscode.workspace.findFiles("**/*.nwb", "**/node_modules/**", 2000);
  const target = chooseTarget(argument, activeTabUri(), found);
  switch (target.kind) {
    case "file":
      return target.file;
    case "pick": {
      const picked = await vscode.window.showQuickPick(
        target.files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
        { placeHolder: "Choose an .nwb file", matchOnDescription: true },
      );
      return picked?.uri;
    }
    case "browse": {
      const chosen = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { NWB: ["nwb"] },
        title: "NWB: no .nwb file in the workspace; choose one",
      });
      return chosen?.[0];
    }
  }
}

async function withFile(
  uri: vscode.Uri | undefined,
  run: (file: vscode.Uri) => Promise<unknown>,
): Promise<void> {
  const file = await pickNwbFile(uri instanceof vscode.Uri ? uri : undefined);
  if (file === undefined) return;
  try {
    await run(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`[client] ${message}`);
    void vscode.window.showErrorMessage(`NWB: ${message}`);
  }
}

function progress<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `NWB: ${title}` },
    task,
  );
}

async function validate(file: vscode.Uri): Promise<void> {
  const findings = await progress(`validating ${path.basename(file.fsPath)}`, () =>
    runServerCommand<FindingLike[]>(server(), "nwb.validate", [file.toString()]),
  );
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const summary =
    `${path.basename(file.fsPath)}: ${count("error")} error(s), ` +
    `${count("warning")} warning(s), ${count("info")} note(s)`;
  await vscode.commands.executeCommand("workbench.actions.view.problems");
  if (count("error")) void vscode.window.showWarningMessage(summary);
  else void vscode.window.showInformationMessage(summary);
}

/** Ask for the URL of a remote NWB file and validate it where it is; its findings
 * go to the Problems panel under the URL (credentials masked by the server). */
async function validateRemote(): Promise<void> {
  const url = await vscode.window.showInputBox({
    title: "NWB: Validate Remote File",
    prompt: "URL of an NWB file (https://, http:// or s3://bucket/key); nothing is downloaded",
    placeHolder: "https://api.dandiarchive.org/api/assets/<asset-id>/download/",
    ignoreFocusOut: true,
    validateInput: (value) => remoteUrlProblem(value),
  });
  if (url === undefined) return;
  const shown = redactUrl(url);
  try {
    const findings = await progress(`validating ${shown}`, () =>
      runServerCommand<FindingLike[]>(server(), "nwb.validate", [url.trim()]),
    );
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    const summary =
      `${shown}: ${count("error")} error(s), ` +
      `${count("warning")} warning(s), ${count("info")} note(s)`;
    await vscode.commands.executeCommand("workbench.actions.view.problems");
    if (count("error")) void vscode.window.showWarningMessage(summary);
    else void vscode.window.showInformationMessage(summary);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`[client] ${message}`);
    void vscode.window.showErrorMessage(`NWB: ${message}`);
  }
}

async function truncate(file: vscode.Uri): Promise<void> {
  const n = await vscode.window.showInputBox({
    title: "NWB: Truncate",
    prompt: "Keep how many rows of each series and table?",
    value: "10",
    validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : "a positive whole number"),
  });
  if (n === undefined) return;
  const stem = file.fsPath.replace(/\.nwb$/, "");
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(`${stem}.truncated.nwb`),
    filters: { NWB: ["nwb"] },
    title: "Save the truncated copy as",
  });
  if (target === undefined) return;
  if (target.fsPath === file.fsPath) throw new Error("the copy cannot replace the original file");
  let force = false;
  if (fs.existsSync(target.fsPath)) {
    const answer = await vscode.window.showWarningMessage(
      `${path.basename(target.fsPath)} exists. Replace it?`,
      { modal: true },
      "Replace",
    );
    if (answer !== "Replace") return;
    force = true;
  }
  const written = await progress(`writing ${path.basename(target.fsPath)}`, () =>
    runServerCommand<string>(server(), "nwb.truncate", [
      file.toString(),
      target.fsPath,
      Number(n),
      force,
    ]),
  );
  const action = await vscode.window.showInformationMessage(
    `NWB: wrote ${written}`,
    "Validate It",
    "Reveal",
  );
  if (action === "Validate It") await validate(vscode.Uri.file(written));
  if (action === "Reveal") await vscode.commands.executeCommand("revealFileInOS", vscode.Uri.file(written));
}

async function showGraph(context: vscode.ExtensionContext, file: vscode.Uri): Promise<void> {
  GraphPanel.show(context, file, {
    loadGraph: (f) =>
      runServerCommand<NodeLinkGraph>(server(), "nwb.graph", [f.toString(), "json", null, false]),
    findReferences: (f, p) => findReferences(f, p),
    revealInTree: (f, p) => editor.reveal(f, p),
  });
}

function treeUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({
    scheme: TREE_SCHEME,
    path: `${file.path}.tree`,
    query: file.toString(),
  });
}

/** A button of the .nwb editor: the command, on the selected object where it takes one. */
async function runFromEditor(command: string, file: vscode.Uri, hdf5Path?: string): Promise<void> {
  if (command === "nwb.findReferencesTo" && hdf5Path !== undefined) {
    await findReferences(file, hdf5Path);
  } else if (command === "nwb.showTreeView") {
    await showTree(file, hdf5Path);
  } else {
    await vscode.commands.executeCommand(command, file);
  }
}

/** The outline as a text document (the view before the custom editor; its findings are
 * in the custom editor and in Problems under the .nwb file, not repeated here). */
async function showTree(file: vscode.Uri, reveal?: string): Promise<void> {
  const tree = await progress(`reading ${path.basename(file.fsPath)}`, () =>
    runServerCommand<TreeResult>(server(), "nwb.showTree", [file.toString()]),
  );
  const uri = treeUri(file);
  trees.set(uri.toString(), tree);
  treeChanged.fire(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const shown = await vscode.window.showTextDocument(document, { preview: false });
  if (reveal !== undefined) {
    const line = lineOf(reveal, tree.lines);
    const range = document.lineAt(Math.min(line, document.lineCount - 1)).range;
    shown.selection = new vscode.Selection(range.start, range.end);
    shown.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }
}

interface ReferenceResult {
  path: string;
  via: string;
  name: string;
  count: number;
}

async function findReferences(file: vscode.Uri, target?: string): Promise<void> {
  const hdf5Path =
    target ??
    (await vscode.window.showInputBox({
      title: "NWB: Find References",
      prompt: "HDF5 path of the object (e.g. /general/devices/probe)",
      value: "/",
      validateInput: (v) => (v.startsWith("/") ? undefined : "an absolute HDF5 path, starting with /"),
    }));
  if (hdf5Path === undefined) return;
  const found = await progress(`finding references to ${hdf5Path}`, () =>
    runServerCommand<ReferenceResult[]>(server(), "nwb.findReferences", [
      file.toString(),
      hdf5Path,
    ]),
  );
  if (found.length === 0) {
    void vscode.window.showInformationMessage(`NWB: nothing references ${hdf5Path}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((r) => ({
      label: r.path,
      description: `${r.via}${r.name ? ` '${r.name}'` : ""}${r.count > 1 ? ` ×${r.count}` : ""}`,
      path: r.path,
    })),
    { placeHolder: `${found.length} object(s) reference ${hdf5Path}; pick one to show it` },
  );
  if (picked) await editor.reveal(file, picked.path);
}

async function exportModels(file: vscode.Uri): Promise<void> {
  const folders = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    defaultUri: vscode.Uri.file(path.dirname(file.fsPath)),
    openLabel: "Export Here",
    title: "NWB: export the LinkML schema and pydantic models into",
  });
  if (!folders?.length) return;
  const folder = folders[0].fsPath;
  const stem = path.basename(file.fsPath, ".nwb");
  const targets = [`${stem}.linkml.yaml`, `${stem}_models.py`].map((n) => path.join(folder, n));
  let force = false;
  if (targets.some((t) => fs.existsSync(t))) {
    const answer = await vscode.window.showWarningMessage(
      `Replace the existing ${targets.filter((t) => fs.existsSync(t)).map((t) => path.basename(t)).join(" and ")}?`,
      { modal: true },
      "Replace",
    );
    if (answer !== "Replace") return;
    force = true;
  }
  const written = await progress("generating models (the first time takes a few seconds)", () =>
    runServerCommand<string[]>(server(), "nwb.exportModels", [file.toString(), folder, force]),
  );
  const models = written.find((p) => p.endsWith(".py"));
  if (models) await vscode.window.showTextDocument(vscode.Uri.file(models));
  void vscode.window.showInformationMessage(`NWB: wrote ${written.map((p) => path.basename(p)).join(", ")}`);
}
