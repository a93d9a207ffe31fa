/**
 * The `nwb` settings as the server expects them (its `workspace/configuration`
 * section), cleaned on the client: values of the wrong type are dropped and named in
 * `problems` so the user sees them in the output channel instead of a silent default.
 * Client-only keys (`server`, `trace`) are not sent.
 */

export interface ServerSettings {
  select: string[];
  ignore: string[];
  severity: Record<string, "error" | "warning" | "info">;
  workers: number;
  watch: boolean;
  specPaths: string[];
  debounce: number;
  timeout: number;
  bestPractices: boolean;
  config: string;
  threshold: string;
}

export const DEFAULTS: ServerSettings = {
  select: [],
  ignore: [],
  severity: {},
  workers: 2,
  watch: true,
  specPaths: [],
  debounce: 0.3,
  timeout: 60,
  bestPractices: false,
  config: "",
  threshold: "",
};

export interface Mapped {
  settings: ServerSettings;
  problems: string[];
}

const LEVELS = new Set(["error", "warning", "info"]);
const THRESHOLDS = new Set([
  ...LEVELS,
  "critical",
  "best_practice_violation",
  "best_practice_suggestion",
]);

function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") {
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return value.map((s) => s.trim()).filter(Boolean);
  }
  return undefined;
}

/**
 * Map the raw `nwb` configuration object to server settings. `resolvePath` turns a
 * spec path into an absolute one (relative paths are relative to the workspace).
 */
export function mapSettings(
  raw: Record<string, unknown> | undefined,
  resolvePath: (p: string) => string = (p) => p,
): Mapped {
  const settings: ServerSettings = structuredClone(DEFAULTS);
  const problems: string[] = [];
  const source = raw ?? {};
  for (const key of ["select", "ignore", "specPaths"] as const) {
    if (source[key] === undefined) continue;
    const list = strings(source[key]);
    if (list === undefined) problems.push(`nwb.${key} must be a list of strings`);
    else settings[key] = key === "specPaths" ? list.map(resolvePath) : list;
  }
  const severity = source.severity;
  if (severity !== undefined) {
    if (typeof severity !== "object" || severity === null || Array.isArray(severity)) {
      problems.push("nwb.severity must be an object of code -> error|warning|info");
    } else {
      for (const [code, level] of Object.entries(severity)) {
        if (typeof level === "string" && LEVELS.has(level)) {
          settings.severity[code] = level as "error" | "warning" | "info";
        } else {
          problems.push(`nwb.severity.${code} must be error, warning or info`);
        }
      }
    }
  }
  const workers = source.workers;
  if (workers !== undefined) {
    if (Number.isInteger(workers) && (workers as number) >= 1 && (workers as number) <= 64) {
      settings.workers = workers as number;
    } else problems.push("nwb.workers must be an integer from 1 to 64");
  }
  if (source.watch !== undefined) {
    if (typeof source.watch === "boolean") settings.watch = source.watch;
    else problems.push("nwb.watch must be true or false");
  }
  for (const key of ["debounce", "timeout"] as const) {
    const value = source[key];
    if (value === undefined) continue;
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
      settings[key] = value;
    } else problems.push(`nwb.${key} must be a number of seconds >= 0`);
  }
  bestPractices(source, settings, problems, resolvePath);
  return { settings, problems };
}

/** `bestPractices`, `config` (an nwbinspector file, or `dandi`) and `threshold`. */
function bestPractices(
  source: Record<string, unknown>,
  settings: ServerSettings,
  problems: string[],
  resolvePath: (p: string) => string,
): void {
  if (source.bestPractices !== undefined) {
    if (typeof source.bestPractices === "boolean") {
      settings.bestPractices = source.bestPractices;
    } else problems.push("nwb.bestPractices must be true or false");
  }
  const config = source.config;
  if (config !== undefined) {
    if (typeof config !== "string") problems.push("nwb.config must be a file path or 'dandi'");
    else settings.config = config && config !== "dandi" ? resolvePath(config) : config;
  }
  const threshold = source.threshold;
  if (threshold !== undefined) {
    const known = typeof threshold === "string" && THRESHOLDS.has(threshold.toLowerCase());
    if (threshold === "" || known) settings.threshold = threshold as string;
    else problems.push("nwb.threshold must be error, warning, info or an nwbinspector importance");
  }
}
