/** Starting the language server: interpreter discovery, install check, the client. */

import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

import { choosePython, missingServerMessage, type PythonChoice, serverArgs } from "./interpreter";
import { mapSettings } from "./settings";

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?: (resource?: vscode.Uri) => { path: string } };
  settings?: {
    getExecutionDetails?: (resource?: vscode.Uri) => { execCommand?: string[] };
  };
}

async function pythonExtensionInterpreter(): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (extension === undefined) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const active = api?.environments?.getActiveEnvironmentPath?.(folder)?.path;
    if (active) return active;
    return api?.settings?.getExecutionDetails?.(folder)?.execCommand?.[0];
  } catch {
    return undefined;
  }
}

export async function findPython(): Promise<PythonChoice> {
  const config = vscode.workspace.getConfiguration("nwb");
  return choosePython({
    configured: config.get<string>("server.pythonPath"),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    pythonExtension: await pythonExtensionInterpreter(),
    env: process.env,
  });
}

/** Resolves when `python -c "import nwb_lsp"` works; rejects with the reason. */
export function checkInstalled(choice: PythonChoice): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      choice.command,
      ["-c", "import nwb_lsp"],
      { timeout: 30_000 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(missingServerMessage(choice, stderr || error.message)));
        else resolve();
      },
    );
  });
}

function resolveSpecPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (folder === undefined || p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p)) return p;
  return vscode.Uri.joinPath(folder, p).fsPath;
}

export function createClient(
  choice: PythonChoice,
  output: vscode.OutputChannel,
): LanguageClient {
  const serverOptions: ServerOptions = {
    command: choice.command,
    args: serverArgs(),
    options: { env: { ...process.env, PYTHONUNBUFFERED: "1" } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "yaml" }],
    outputChannel: output,
    synchronize: { configurationSection: "nwb" },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) => {
            if (item.section !== "nwb") return result[i];
            const raw = vscode.workspace.getConfiguration("nwb");
            const { settings, problems } = mapSettings(
              {
                select: raw.get("select"),
                ignore: raw.get("ignore"),
                severity: raw.get("severity"),
                workers: raw.get("workers"),
                watch: raw.get("watch"),
                specPaths: raw.get("specPaths"),
                debounce: raw.get("debounce"),
                timeout: raw.get("timeout"),
              },
              resolveSpecPath,
            );
            for (const problem of problems) output.appendLine(`[settings] ${problem}`);
            return settings;
          });
        },
      },
    },
  };
  return new LanguageClient("nwb", "NWB Language Server", serverOptions, clientOptions);
}

/** Run one of the server's commands (`nwb.graph`, ...) with a file URI first. */
export async function runServerCommand<T>(
  client: LanguageClient,
  command: string,
  args: unknown[],
): Promise<T> {
  return (await client.sendRequest(ExecuteCommandRequest.type, {
    command,
    arguments: args,
  })) as T;
}
