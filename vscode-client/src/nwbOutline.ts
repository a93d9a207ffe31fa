/**
 * The model behind the custom editor for `.nwb` files: the server's outline
 * (`nwb.showTree`: text, each HDF5 object's line, each object's details) as rows of
 * a collapsible tree, and the file's diagnostics placed on the objects they concern.
 * A diagnostic names its object in `data.hdf5_path` (or in its related information,
 * `HDF5 object /path`); one without either is placed by its line, read as a line of
 * the outline. A path the tree does not show lands on its nearest ancestor.
 * Pure, so it is unit-tested without VS Code.
 */

import { lineOf, pathAtLine } from "./tree";

export type Severity = "error" | "warning" | "info";

export interface OutboundReference {
  target: string | null;
  via: string;
  name: string;
  count: number;
}

export interface ObjectDetails {
  kind: string;
  type: string | null;
  attrs: Record<string, string>;
  refs: OutboundReference[];
  shape?: number[] | null;
  dtype?: string;
  target?: string;
  targetFile?: string | null;
  targetExists?: boolean;
}

export interface Outline {
  text: string;
  lines: Record<string, number>;
  objects: Record<string, ObjectDetails>;
}

export interface Row {
  path: string;
  name: string;
  summary: string;
  depth: number;
  parent: string | null;
  hasChildren: boolean;
}

/** A diagnostic as the editor needs it, whatever produced it. */
export interface DiagnosticLike {
  code: string;
  severity: Severity;
  message: string;
  line: number;
  hdf5Path?: string;
  related?: string[];
}

export interface PlacedDiagnostic {
  path: string;
  code: string;
  severity: Severity;
  message: string;
  object: string;
}

/** Groups under these paths open collapsed: the cached specs are rarely what one reads. */
export const COLLAPSED = ["/specifications"];
/** Above this many rows, groups deeper than the top two levels open collapsed. */
export const LARGE = 2000;

export function parentOf(path: string): string | null {
  if (path === "/") return null;
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
}

export function rows(outline: Outline): Row[] {
  const text = outline.text.split("\n");
  const ordered = Object.entries(outline.lines).sort(([, a], [, b]) => a - b);
  const parents = new Set(ordered.map(([path]) => parentOf(path)));
  return ordered.map(([path, line]) => {
    const name = path === "/" ? "/" : path.slice(path.lastIndexOf("/") + 1);
    const shown = (text[line] ?? "").trim();
    const summary = shown.startsWith(name) ? shown.slice(name.length).trim() : shown;
    return {
      path,
      name,
      summary,
      depth: path === "/" ? 0 : path.split("/").length - 1,
      parent: parentOf(path),
      hasChildren: parents.has(path),
    };
  });
}

/** The groups that open collapsed. */
export function initiallyCollapsed(all: Row[]): string[] {
  const large = all.length > LARGE;
  return all
    .filter((r) => r.hasChildren && (COLLAPSED.includes(r.path) || (large && r.depth >= 2)))
    .map((r) => r.path);
}

/** The rows shown when the groups in `collapsed` are closed. */
export function visibleRows(all: Row[], collapsed: ReadonlySet<string>): Row[] {
  const hidden = new Set<string>();
  return all.filter((row) => {
    if (row.parent !== null && (hidden.has(row.parent) || collapsed.has(row.parent))) {
      hidden.add(row.path);
      return false;
    }
    return true;
  });
}

/** The groups to open so that `path` is shown. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(path); p !== null; p = parentOf(p)) out.push(p);
  return out;
}

const RELATED = /^HDF5 object (\/.*)$/;

/** The HDF5 path a diagnostic concerns: its data, its related information, its line. */
export function pathOf(d: DiagnosticLike, lines: Record<string, number>): string {
  if (d.hdf5Path?.startsWith("/")) return d.hdf5Path;
  for (const message of d.related ?? []) {
    const match = RELATED.exec(message);
    if (match) return match[1];
  }
  return pathAtLine(d.line, lines) ?? "/";
}

/** Each diagnostic on the object shown for its path (or its nearest shown ancestor). */
export function placeDiagnostics(outline: Outline, found: DiagnosticLike[]): PlacedDiagnostic[] {
  return found.map((d) => {
    const path = pathOf(d, outline.lines);
    const object = pathAtLine(lineOf(path, outline.lines), outline.lines) ?? "/";
    return { path, code: d.code, severity: d.severity, message: d.message, object };
  });
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Where the editor opens: the object of the most severe finding, the earliest in the tree. */
export function landingObject(
  placed: PlacedDiagnostic[],
  lines: Record<string, number>,
): string | undefined {
  const sorted = [...placed].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] || (lines[a.object] ?? 0) - (lines[b.object] ?? 0),
  );
  return sorted[0]?.object;
}
