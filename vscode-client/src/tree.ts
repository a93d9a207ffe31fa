/**
 * The server's outline of an `.nwb` file (`nwb.showTree`): each HDF5 path's line, and
 * the line an object not shown lands on (its nearest ancestor shown in the tree).
 * Pure, so it is unit-tested without VS Code.
 */

export interface TreeResult {
  text: string;
  lines: Record<string, number>;
}

/** A finding as `nwb.validate` answers it (the JSON report's fields the client reads). */
export interface FindingLike {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  location: { hdf5_path?: string };
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

/** The HDF5 path shown on a line of the tree (for Find References from the tree). */
export function pathAtLine(line: number, lines: Record<string, number>): string | undefined {
  for (const [path, at] of Object.entries(lines)) if (at === line) return path;
  return undefined;
}
