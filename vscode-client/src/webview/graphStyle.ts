/**
 * How the graph looks: closed objects are boxes holding their label, open groups
 * are compound boxes labelled above, references and links are coloured arrows with
 * labels; containment is nesting, never an edge. Sizes match `viewer/layout.ts`.
 */

import type cytoscape from "cytoscape";

import { FONT_PX, GROUP_PAD } from "../viewer/layout";

export const FONT_FAMILY = "Helvetica, Arial, sans-serif";
export const EDGE_FONT_PX = FONT_PX;

export function graphStyle(text: string): cytoscape.StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        label: "data(label)",
        shape: "round-rectangle",
        width: "data(w)",
        height: "data(h)",
        "font-size": FONT_PX,
        "font-family": FONT_FAMILY,
        "line-height": 1.25,
        "text-wrap": "wrap",
        "text-max-width": "2000px",
        "text-valign": "center",
        "text-halign": "center",
        color: text,
        "background-color": "#6b7d8f",
        "background-opacity": 0.35,
        "border-width": 1,
        "border-color": "#6b7d8f",
      },
    },
    {
      selector: "node.dataset",
      style: { "background-color": "#8f826b", "border-color": "#8f826b" },
    },
    { selector: "node.typed", style: { "background-color": "#3794ff", "border-color": "#3794ff" } },
    { selector: "node.external", style: { "background-color": "#b180d7", shape: "cut-rectangle" } },
    { selector: "node.more", style: { "border-style": "dashed", "background-opacity": 0.1 } },
    {
      selector: "node.open",
      style: {
        "text-valign": "top",
        "font-weight": "bold",
        "background-opacity": 0.06,
        padding: `${GROUP_PAD}px`,
        "compound-sizing-wrt-labels": "include",
      },
    },
    { selector: "node.broken", style: { "border-color": "#f14c4c", "border-width": 3 } },
    {
      selector: "edge",
      style: {
        width: 2,
        "curve-style": "bezier",
        "font-size": EDGE_FONT_PX,
        "font-family": FONT_FAMILY,
        "text-background-opacity": 0.8,
        "text-background-color": "#1e1e1e",
        "text-background-padding": "1px",
        "arrow-scale": 1.3,
      },
    },
    {
      selector: "edge.reference",
      style: {
        "line-color": "#3794ff",
        "line-style": "dashed",
        "target-arrow-shape": "triangle",
        "target-arrow-color": "#3794ff",
        color: "#8cc4ff",
      },
    },
    {
      selector: "edge.link",
      style: {
        "line-color": "#89d185",
        "line-style": "dotted",
        width: 3,
        "target-arrow-shape": "vee",
        "target-arrow-color": "#89d185",
        color: "#b5e6b2",
      },
    },
    {
      selector: "edge.broken",
      style: { "line-color": "#f14c4c", "target-arrow-color": "#f14c4c", width: 3 },
    },
    // Edge labels only where asked for (a selected or hovered end, the focus view):
    // drawn everywhere, they would cross the objects' labels.
    { selector: "edge.lit, edge.named", style: { label: "data(label)" } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffcc00" } },
    { selector: ".match", style: { "border-width": 3, "border-color": "#ffcc00" } },
    { selector: "node.focused", style: { "border-width": 3, "border-color": "#ffcc00" } },
  ];
}
