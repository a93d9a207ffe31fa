/**
 * Which Python runs the language server: the `nwb.server.pythonPath` setting (with
 * `${workspaceFolder}` and `${env:NAME}` replaced), else the Python extension's active
 * interpreter, else `python3`. Pure: everything it needs is passed in, so it is tested
 * without VS Code.
 */

export type PythonSource = "setting" | "python-extension" | "default";

export interface PythonChoice {
  command: string;
  source: PythonSource;
}

export interface PythonInputs {
  /** The `nwb.server.pythonPath` setting ("" when unset). */
  configured: string | undefined;
  /** The first workspace folder's path, if a folder is open. */
  workspaceFolder: string | undefined;
  /** The Python extension's active interpreter, if that extension is installed. */
  pythonExtension: string | undefined;
  /** Environment variables for `${env:NAME}`. */
  env: Record<string, string | undefined>;
}

export function substitute(
  value: string,
  workspaceFolder: string | undefined,
  env: Record<string, string | undefined>,
): string {
  return value
    .replace(/\$\{workspaceFolder\}/g, () => {
      if (workspaceFolder === undefined) {
        throw new Error(
          "nwb.server.pythonPath uses ${workspaceFolder} but no folder is open",
        );
      }
      return workspaceFolder;
    })
    .replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? "");
}

export function choosePython(inputs: PythonInputs): PythonChoice {
  const configured = inputs.configured?.trim();
  if (configured) {
    return {
      command: substitute(configured, inputs.workspaceFolder, inputs.env),
      source: "setting",
    };
  }
  if (inputs.pythonExtension?.trim()) {
    return { command: inputs.pythonExtension.trim(), source: "python-extension" };
  }
  return { command: "python3", source: "default" };
}

/** The message shown when `nwb_lsp` cannot be imported by the chosen interpreter. */
export function missingServerMessage(choice: PythonChoice, detail: string): string {
  const where: Record<PythonSource, string> = {
    setting: "the interpreter set in nwb.server.pythonPath",
    "python-extension": "the Python extension's active interpreter",
    default: "python3 on the PATH",
  };
  const reason = detail.trim().split("\n").pop() ?? "";
  return (
    `The NWB language server is not installed in ${where[choice.source]} ` +
    `(${choice.command})${reason ? `: ${reason}` : ""}. ` +
    `Install it with "${choice.command} -m pip install nwb-lsp", ` +
    `or set nwb.server.pythonPath to an interpreter that has it.`
  );
}

/** The arguments that start the server with the chosen interpreter. */
export function serverArgs(): string[] {
  return ["-m", "nwb_lsp", "serve"];
}
