/**
 * Where the viewer runs. In a VS Code webview (`acquireVsCodeApi` exists) the graph
 * arrives as a message from the extension, and "Find references" and "Show in file
 * tree" go back to it. In a browser (`nwb-lsp graph --format html`) the graph is the
 * JSON embedded in `<script type="application/json" id="nwb-graph-data">`, and the
 * viewer answers those itself (references from the graph's edges, the tree sidebar).
 */

import type { HostMessage, NodeLinkGraph } from "../graphModel";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

export interface Loaded {
  file: string;
  graph: NodeLinkGraph;
}

export interface Host {
  /** True where the extension answers "Find references" and "Show in file tree". */
  readonly remote: boolean;
  start(onGraph: (loaded: Loaded) => void, onError: (message: string) => void): void;
  post(message: { type: "select" | "findReferences" | "reveal"; id: string }): void;
}

class VsCodeHost implements Host {
  readonly remote = true;
  private readonly vscode = acquireVsCodeApi();

  start(onGraph: (loaded: Loaded) => void, onError: (message: string) => void): void {
    window.addEventListener("message", (event: MessageEvent<HostMessage>) => {
      const message = event.data;
      if (message.type === "error") onError(message.message);
      else if (message.type === "graph") onGraph({ file: message.file, graph: message.graph });
    });
    this.vscode.postMessage({ type: "ready" });
  }

  post(message: { type: "select" | "findReferences" | "reveal"; id: string }): void {
    this.vscode.postMessage(message);
  }
}

class PageHost implements Host {
  readonly remote = false;

  start(onGraph: (loaded: Loaded) => void, onError: (message: string) => void): void {
    const script = document.getElementById("nwb-graph-data");
    if (!script?.textContent) {
      onError("this page holds no graph (no #nwb-graph-data script)");
      return;
    }
    try {
      onGraph(JSON.parse(script.textContent) as Loaded);
    } catch (error) {
      onError(error instanceof Error ? error.message : String(error));
    }
  }

  post(): void {}
}

export function detectHost(): Host {
  return typeof acquireVsCodeApi === "function" ? new VsCodeHost() : new PageHost();
}
