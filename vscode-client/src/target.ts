/**
 * Which .nwb file a command acts on. From the Explorer's context menu VS Code passes
 * the file; from the palette nothing, so the file of the active tab is used (an .nwb
 * file opens in a binary tab, which has no text editor), else the only .nwb file of
 * the workspace, else the user picks one of them, else (none in the workspace) an
 * open dialog. Pure: it works on anything with a path, so it is tested without VS Code.
 */

export interface HasPath {
  path: string;
}

export type Target<T> =
  | { kind: "file"; file: T }
  | { kind: "pick"; files: T[] }
  | { kind: "browse" };

export function isNwb(file: HasPath | undefined): boolean {
  return file !== undefined && file.path.toLowerCase().endsWith(".nwb");
}

export function chooseTarget<T extends HasPath>(
  argument: T | undefined,
  active: T | undefined,
  workspaceFiles: T[],
): Target<T> {
  if (argument !== undefined) return { kind: "file", file: argument };
  if (isNwb(active)) return { kind: "file", file: active as T };
  const files = workspaceFiles.filter(isNwb);
  if (files.length === 1) return { kind: "file", file: files[0] };
  if (files.length === 0) return { kind: "browse" };
  return {
    kind: "pick",
    files: [...files].sort((a, b) => a.path.localeCompare(b.path)),
  };
}
