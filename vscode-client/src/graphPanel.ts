/** The Show Dependency Graph webview: loads the graph from the server, draws it. */

import * as vscode from "vscode";

import { type Action, handleMessage, type NodeLinkGraph } from "./graphModel";
import { webviewPage } from "./webviewPage";

export interface GraphHost {
  loadGraph(file: vscode.Uri): Promise<NodeLinkGraph>;
  findReferences(file: vscode.Uri, path: string): Promise<void>;
  revealInTree(file: vscode.Uri, path: string): Promise<void>;
}

export class GraphPanel {
  private static panels = new Map<string, GraphPanel>();
  private graph: NodeLinkGraph | undefined;
  private error: string | undefined;
  private ready = false;

  static show(context: vscode.ExtensionContext, file: vscode.Uri, host: GraphHost): GraphPanel {
    const existing = GraphPanel.panels.get(file.toString());
    if (existing) {
      existing.panel.reveal();
      void existing.load();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      "nwbGraph",
      `Graph: ${file.path.split("/").pop()}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, "dist")],
      },
    );
    const created = new GraphPanel(context, panel, file, host);
    GraphPanel.panels.set(file.toString(), created);
    return created;
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly file: vscode.Uri,
    private readonly host: GraphHost,
  ) {
    panel.webview.html = this.html(context);
    panel.onDidDispose(() => GraphPanel.panels.delete(file.toString()));
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      if ((raw as { type?: string })?.type === "ready") this.ready = true;
      void this.perform(handleMessage(raw, this.file.fsPath, this.graph, this.error));
    });
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.graph = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `NWB: reading the dependency graph of ${this.file.path.split("/").pop()}`,
        },
        () => this.host.loadGraph(this.file),
      );
      this.error = undefined;
    } catch (error) {
      this.graph = undefined;
      this.error = error instanceof Error ? error.message : String(error);
    }
    if (this.ready) {
      await this.perform(handleMessage({ type: "ready" }, this.file.fsPath, this.graph, this.error));
    }
  }

  private async perform(action: Action): Promise<void> {
    switch (action.kind) {
      case "post":
        await this.panel.webview.postMessage(action.message);
        return;
      case "findReferences":
        await this.host.findReferences(this.file, action.path);
        return;
      case "revealInTree":
        await this.host.revealInTree(this.file, action.path);
        return;
      case "none":
        return;
    }
  }

  private html(context: vscode.ExtensionContext): string {
    return webviewPage(this.panel.webview, context.extensionUri, {
      bundle: "webview",
      title: "NWB dependency graph",
      images: true,
    });
  }
}
