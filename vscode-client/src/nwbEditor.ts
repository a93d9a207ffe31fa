/**
 * The custom read-only editor for `.nwb` files (the default for `*.nwb`): a webview
 * showing the file's HDF5 tree from the server's outline, the file's findings at
 * their objects, a details pane per object, and buttons for the `.nwb` commands.
 * Findings come from the diagnostics the server publishes on the file's URI (the
 * editor publishes none of its own, so each finding is listed once in Problems).
 *
 * VS Code does not tell a custom editor which range it was opened at (microsoft/vscode
 * #94037), so an editor opened from a Problems row lands on the object of the file's
 * most severe finding; `reveal` lands on a given object (graph, find references).
 */

import * as vscode from "vscode";

import {
  type EditorAction,
  type EditorState,
  handleEditorMessage,
} from "./nwbEditorMessages";
import { type DiagnosticLike, type Outline, placeDiagnostics, type Severity } from "./nwbOutline";
import { webviewPage } from "./webviewPage";

export const NWB_EDITOR = "nwb.fileEditor";

export interface EditorHost {
  loadOutline(file: vscode.Uri): Promise<Outline>;
  run(command: string, file: vscode.Uri, path?: string): Promise<void>;
}

const SEVERITY: Record<number, Severity> = {
  [vscode.DiagnosticSeverity.Error]: "error",
  [vscode.DiagnosticSeverity.Warning]: "warning",
  [vscode.DiagnosticSeverity.Information]: "info",
  [vscode.DiagnosticSeverity.Hint]: "info",
};

export function toDiagnosticLike(d: vscode.Diagnostic): DiagnosticLike {
  const data = (d as { data?: { hdf5_path?: unknown } }).data;
  const code = typeof d.code === "object" ? String(d.code.value) : String(d.code ?? "");
  return {
    code,
    severity: SEVERITY[d.severity] ?? "info",
    message: d.message,
    line: d.range.start.line,
    hdf5Path: typeof data?.hdf5_path === "string" ? data.hdf5_path : undefined,
    related: d.relatedInformation?.map((r) => r.message),
  };
}

class NwbFile implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class NwbEditorProvider implements vscode.CustomReadonlyEditorProvider<NwbFile> {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly host: EditorHost,
  ) {}

  static register(context: vscode.ExtensionContext, host: EditorHost): NwbEditorProvider {
    const provider = new NwbEditorProvider(context, host);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(NWB_EDITOR, provider, {
        webviewOptions: { retainContextWhenHidden: true },
        supportsMultipleEditorsPerDocument: false,
      }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): NwbFile {
    return new NwbFile(uri);
  }

  /** Open the editor of `file` (or bring it to the front) showing the object at `path`. */
  async reveal(file: vscode.Uri, path: string): Promise<void> {
    const panel = this.panels.get(file.toString());
    if (panel) {
      panel.reveal();
      await panel.webview.postMessage({ type: "reveal", path });
      return;
    }
    this.pending.set(file.toString(), path);
    await vscode.commands.executeCommand("vscode.openWith", file, NWB_EDITOR);
  }

  async resolveCustomEditor(document: NwbFile, panel: vscode.WebviewPanel): Promise<void> {
    const key = document.uri.toString();
    this.panels.set(key, panel);
    const state: EditorState = { file: document.uri.fsPath, findings: [] };
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, "dist")],
    };
    panel.webview.html = this.html(panel.webview);
    let ready = false;
    const watch = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!state.outline || !event.uris.some((u) => u.toString() === key)) return;
      state.findings = this.findings(document.uri, state.outline);
      void panel.webview.postMessage({ type: "findings", findings: state.findings });
    });
    panel.onDidDispose(() => {
      watch.dispose();
      this.panels.delete(key);
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      if ((raw as { type?: string })?.type === "ready") ready = true;
      void this.perform(panel, document.uri, this.withPending(key, handleEditorMessage(raw, state)));
    });
    await this.load(document.uri, state);
    if (ready) {
      const answer = handleEditorMessage({ type: "ready" }, state);
      await this.perform(panel, document.uri, this.withPending(key, answer));
    }
  }

  private async load(file: vscode.Uri, state: EditorState): Promise<void> {
    try {
      state.outline = await this.host.loadOutline(file);
      state.findings = this.findings(file, state.outline);
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
    }
  }

  private findings(file: vscode.Uri, outline: Outline) {
    const mine = vscode.languages.getDiagnostics(file).filter((d) => d.source === "nwb-lsp");
    return placeDiagnostics(outline, mine.map(toDiagnosticLike));
  }

  /** An outline answer lands on the object a `reveal` asked for, if one is pending. */
  private withPending(key: string, action: EditorAction): EditorAction {
    const wanted = this.pending.get(key);
    if (action.kind !== "post" || action.message.type !== "outline" || wanted === undefined) {
      return action;
    }
    this.pending.delete(key);
    return { kind: "post", message: { ...action.message, reveal: wanted } };
  }

  private async perform(panel: vscode.WebviewPanel, file: vscode.Uri, action: EditorAction) {
    if (action.kind === "post") await panel.webview.postMessage(action.message);
    else if (action.kind === "run") await this.host.run(action.command, file, action.path);
  }

  private html(webview: vscode.Webview): string {
    return webviewPage(webview, this.context.extensionUri, {
      bundle: "nwbEditor",
      title: "NWB file",
      body: BODY,
    });
  }
}

/** The editor's page: a toolbar, the tree and the details pane. */
const BODY = `<div id="toolbar">
  <input id="filter" type="search" placeholder="Find an HDF5 path…" aria-label="Find an HDF5 path">
  <button data-command="validate" title="Validate the file again">Validate</button>
  <button data-command="graph" title="Show the dependency graph">Graph</button>
  <button data-command="references" data-selected title="Find what references the selected object">References</button>
  <button data-command="truncate" title="Write a small test copy">Truncate…</button>
  <button data-command="textTree" data-selected class="secondary" title="The outline as a text document">Text</button>
  <span id="stats">Loading…</span>
</div>
<div id="main">
  <div id="tree" role="tree" aria-label="HDF5 objects"></div>
  <aside id="details"><p class="hint">Select an object to see its details.</p></aside>
</div>
`;
