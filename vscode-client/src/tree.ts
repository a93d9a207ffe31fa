/**
 * The File Tree document: the server's outline (`nwb.showTree`) with each finding
 * placed on the line of its HDF5 path (or of its nearest ancestor shown in the tree).
 * Pure, so it is unit-tested without VS Code.
 */

export interface TreeResult {
  text: string;
  lines: Record<string, number>;
}

export interface FindingLike {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  location: { hdf5_path?: string };
}

export interface PlacedFinding {
  line: number;
  severity: "error" | "warning" | "info";
  message: string;
  code: string;
}

export function lineOf(path: string, lines: Record<string, number>): number {
  let current = path;
  for (;;) {
    const line = lines[current];
    if (line !== undefined) return line;
    if (current === "/" || current === "") return 0;
    const cut = current.lastIndexOf("/");
    current = cut <= 0 ? "/" : current.slice(0, cut);
  }
}

export function placeFindings(tree: TreeResult, findings: FindingLike[]): PlacedFinding[] {
  return findings.map((f) => ({
    line: lineOf(f.location.hdf5_path ?? "/", tree.lines),
    severity: f.severity,
    message: `${f.location.hdf5_path ?? "/"}: ${f.message}`,
    code: f.code,
  }));
}

/** The HDF5 path shown on a line of the tree (for Find References from the tree). */
export function pathAtLine(line: number, lines: Record<string, number>): string | undefined {
  for (const [path, at] of Object.entries(lines)) if (at === line) return path;
  return undefined;
}
