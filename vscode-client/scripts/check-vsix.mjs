// Checks a built .vsix (a zip): the bundles and the manifest are inside, sources and
// node_modules are not, and the manifest contributes what the extension needs.
// Reads the zip's central directory itself, so it needs nothing but node.
//
//   node scripts/check-vsix.mjs nwb-lsp.vsix
import { readFileSync, statSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

const file = process.argv[2] ?? "nwb-lsp.vsix";
const zip = readFileSync(file);

/** Every entry of the zip: name, compression method, sizes and local header offset. */
function entries(buffer) {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const found = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    found.push({
      name: buffer.toString("utf8", at + 46, at + 46 + nameLength),
      method: buffer.readUInt16LE(at + 10),
      compressed: buffer.readUInt32LE(at + 20),
      size: buffer.readUInt32LE(at + 24),
      offset: buffer.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

function read(buffer, entry) {
  const at = entry.offset;
  if (buffer.readUInt32LE(at) !== 0x04034b50) throw new Error(`${entry.name}: bad local header`);
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const data = buffer.subarray(start, start + entry.compressed);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name}: unsupported compression ${entry.method}`);
}

const list = entries(zip);
const names = new Set(list.map((e) => e.name));
const problems = [];

const required = [
  "extension.vsixmanifest",
  "extension/package.json",
  "extension/dist/extension.js",
  "extension/dist/webview.js",
  "extension/dist/webview.css",
  "extension/dist/nwbEditor.js",
  "extension/dist/nwbEditor.css",
  "extension/readme.md",
  "extension/changelog.md",
  "extension/LICENSE.txt",
];
for (const name of required) if (!names.has(name)) problems.push(`missing: ${name}`);

const stray = list
  .map((e) => e.name)
  .filter(
    (n) =>
      n.includes("node_modules/") ||
      n.startsWith("extension/src/") ||
      n.startsWith("extension/test/") ||
      n.startsWith("extension/e2e/") ||
      n.startsWith("extension/scripts/") ||
      n.endsWith(".map") ||
      n.endsWith(".ts") ||
      n.endsWith(".vsix"),
  );
if (stray.length) problems.push(`should not be packaged: ${stray.slice(0, 8).join(", ")}`);

// Smallest sane sizes of the bundles (the .nwb editor's webview has no dependencies).
const minimum = {
  "extension/dist/extension.js": 10_000,
  "extension/dist/webview.js": 10_000,
  "extension/dist/nwbEditor.js": 2_000,
};
for (const [name, least] of Object.entries(minimum)) {
  const entry = list.find((e) => e.name === name);
  if (entry && entry.size < least) problems.push(`${name} is only ${entry.size} bytes`);
}

const manifestEntry = list.find((e) => e.name === "extension/package.json");
if (manifestEntry) {
  const manifest = JSON.parse(read(zip, manifestEntry).toString("utf8"));
  if (manifest.main !== "./dist/extension.js") problems.push(`main is ${manifest.main}`);
  const commands = new Set(manifest.contributes?.commands?.map((c) => c.command) ?? []);
  const wanted = [
    "nwb.validateFile",
    "nwb.truncateFile",
    "nwb.showGraph",
    "nwb.showTreeView",
    "nwb.findReferencesTo",
    "nwb.exportModelsOf",
    "nwb.restartServer",
  ];
  for (const c of wanted) if (!commands.has(c)) problems.push(`command not contributed: ${c}`);
  const menu = manifest.contributes?.menus?.["explorer/context"] ?? [];
  for (const c of wanted.filter((c) => c !== "nwb.restartServer")) {
    if (!menu.some((m) => m.command === c && m.when === "resourceExtname == .nwb")) {
      problems.push(`no Explorer menu entry for .nwb files: ${c}`);
    }
  }
  const settings = Object.keys(manifest.contributes?.configuration?.properties ?? {});
  for (const key of [
    "select",
    "ignore",
    "severity",
    "workers",
    "watch",
    "specPaths",
    "debounce",
    "timeout",
    "server.pythonPath",
    "trace.server",
  ]) {
    if (!settings.includes(`nwb.${key}`)) problems.push(`setting not contributed: nwb.${key}`);
  }
  const editors = manifest.contributes?.customEditors ?? [];
  const nwbEditor = editors.find((e) => e.viewType === "nwb.fileEditor");
  if (!nwbEditor) problems.push("custom editor not contributed: nwb.fileEditor");
  else if (
    nwbEditor.priority !== "default" ||
    !nwbEditor.selector?.some((s) => s.filenamePattern === "*.nwb")
  ) {
    problems.push("nwb.fileEditor is not the default editor for *.nwb");
  }
  const events = manifest.activationEvents ?? [];
  for (const event of [
    "workspaceContains:**/*.nwb",
    "workspaceContains:**/*.namespace.yaml",
    "onLanguage:yaml",
    "onCustomEditor:nwb.fileEditor",
  ]) {
    if (!events.includes(event)) problems.push(`activation event missing: ${event}`);
  }
}

const kb = (statSync(file).size / 1024).toFixed(1);
if (problems.length) {
  process.stderr.write(`${file} (${kb} KB) FAILED the content check:\n  ${problems.join("\n  ")}\n`);
  process.exit(1);
}
process.stdout.write(`${file}: ${list.length} files, ${kb} KB, contents checked\n`);
for (const e of list) process.stdout.write(`  ${String(e.size).padStart(9)}  ${e.name}\n`);
