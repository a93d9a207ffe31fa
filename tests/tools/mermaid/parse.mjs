// Parses a Mermaid flowchart with Mermaid's own parser and prints what it read as
// JSON: vertices (id, text), edges (start, end, text, stroke) and subgraphs (id,
// nodes). A syntax error prints Mermaid's message on stderr and exits 1.
// Usage: node parse.mjs FILE.mmd   (after `npm ci` in this folder)
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid sanitises labels with DOMPurify, which needs a DOM even to parse.
const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;

const { default: mermaid } = await import("mermaid");
const text = readFileSync(process.argv[2], "utf8");
try {
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const vertices = db.getVertices();
  const list = vertices instanceof Map ? [...vertices.values()] : Object.values(vertices);
  console.log(JSON.stringify({
    type: diagram.type,
    vertices: list.map((v) => ({ id: v.id, text: v.text })),
    edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: e.text, stroke: e.stroke })),
    subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, nodes: s.nodes })),
  }));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
