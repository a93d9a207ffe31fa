// Bundles the extension (node, CommonJS), the graph webview and the .nwb editor's
// webview (browser, IIFE).
//
// `node esbuild.mjs --viewer-asset [DIR]` builds only the graph viewer for
// `nwb-lsp graph --format html`: minified, no source map, into DIR (default: the
// Python package's server/nwb_lsp/hdf5/assets), where it is committed; ci.sh
// rebuilds it elsewhere and fails when the committed copy differs.
import { copyFile, mkdir } from "node:fs/promises";
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const assetFlag = process.argv.indexOf("--viewer-asset");

if (assetFlag >= 0) {
  const dir = process.argv[assetFlag + 1] ?? "../server/nwb_lsp/hdf5/assets";
  await mkdir(dir, { recursive: true });
  await esbuild.build({
    entryPoints: ["src/webview/main.ts"],
    outfile: `${dir}/graph-viewer.js`,
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: "eof",
    platform: "browser",
    format: "iife",
    target: "es2022",
    logLevel: "warning",
  });
  await copyFile("src/webview/style.css", `${dir}/graph-viewer.css`);
  process.exit(0);
}

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: "info" };
const builds = [
  {
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
  },
  {
    ...common,
    entryPoints: ["src/webview/main.ts"],
    outfile: "dist/webview.js",
    platform: "browser",
    format: "iife",
    target: "es2022",
  },
  {
    ...common,
    entryPoints: ["src/webview/nwbEditor.ts"],
    outfile: "dist/nwbEditor.js",
    platform: "browser",
    format: "iife",
    target: "es2022",
  },
];

await mkdir("dist", { recursive: true });
await copyFile("src/webview/style.css", "dist/webview.css");
await copyFile("src/webview/nwbEditor.css", "dist/nwbEditor.css");
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
