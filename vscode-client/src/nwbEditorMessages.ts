/**
 * Messages between the `.nwb` custom editor and its webview. The webview asks for
 * the outline (`ready`) and for the extension's commands on the file; the extension
 * answers with the outline and the placed findings, later findings when the file's
 * diagnostics change, and objects to reveal. Pure, so it is unit-tested without VS Code.
 */

import {
  type ObjectDetails,
  type Outline,
  type PlacedDiagnostic,
  type Row,
  initiallyCollapsed,
  landingObject,
  rows,
} from "./nwbOutline";

/** The extension's commands the editor's buttons run, by their command ids. */
export const EDITOR_COMMANDS = {
  validate: "nwb.validateFile",
  graph: "nwb.showGraph",
  references: "nwb.findReferencesTo",
  truncate: "nwb.truncateFile",
  textTree: "nwb.showTreeView",
} as const;

export type EditorCommand = keyof typeof EDITOR_COMMANDS;

/** From the webview to the extension. */
export type EditorWebviewMessage =
  | { type: "ready" }
  | { type: "command"; command: EditorCommand; path?: string };

/** From the extension to the webview. */
export type EditorHostMessage =
  | {
      type: "outline";
      file: string;
      rows: Row[];
      objects: Record<string, ObjectDetails>;
      collapsed: string[];
      findings: PlacedDiagnostic[];
      reveal?: string;
    }
  | { type: "findings"; findings: PlacedDiagnostic[] }
  | { type: "reveal"; path: string }
  | { type: "error"; message: string };

export type EditorAction =
  | { kind: "post"; message: EditorHostMessage }
  | { kind: "run"; command: string; path?: string }
  | { kind: "none" };

export function parseEditorMessage(raw: unknown): EditorWebviewMessage | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (message.type === "ready") return { type: "ready" };
  if (message.type !== "command" || typeof message.command !== "string") return undefined;
  if (!Object.hasOwn(EDITOR_COMMANDS, message.command)) return undefined;
  const command = message.command as EditorCommand;
  if (message.path === undefined) return { type: "command", command };
  if (typeof message.path !== "string" || !message.path.startsWith("/")) return undefined;
  return { type: "command", command, path: message.path };
}

/** What the editor shows: the outline, its findings and where to land. */
export interface EditorState {
  file: string;
  outline?: Outline;
  findings: PlacedDiagnostic[];
  error?: string;
}

export function outlineMessage(state: EditorState): EditorHostMessage | undefined {
  if (state.error !== undefined) return { type: "error", message: state.error };
  if (state.outline === undefined) return undefined;
  const all = rows(state.outline);
  return {
    type: "outline",
    file: state.file,
    rows: all,
    objects: state.outline.objects,
    collapsed: initiallyCollapsed(all),
    findings: state.findings,
    reveal: landingObject(state.findings, state.outline.lines),
  };
}

/** Decide what to do with a message from the webview. */
export function handleEditorMessage(raw: unknown, state: EditorState): EditorAction {
  const message = parseEditorMessage(raw);
  if (message === undefined) return { kind: "none" };
  if (message.type === "ready") {
    const answer = outlineMessage(state);
    return answer ? { kind: "post", message: answer } : { kind: "none" };
  }
  return { kind: "run", command: EDITOR_COMMANDS[message.command], path: message.path };
}
