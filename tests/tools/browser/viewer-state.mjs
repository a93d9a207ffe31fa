// What the graph viewer draws, read through its window.nwbGraphViewer API: shared by
// the headless-Chromium check of `nwb-lsp graph --format html` (check-graph.mjs) and
// the real VS Code e2e (vscode-client/e2e/drive.mjs). Overlaps are computed here,
// not taken from the viewer's word.

/** Pairs of label boxes that share more than a pixel each way. */
export function overlaps(boxes) {
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (w > 1 && h > 1) found.push([a.id, b.id]);
    }
  }
  return found;
}

/** The visible objects, overlapping labels, smallest font and layout signature of
 * the viewer in `target` (a playwright Page or Frame). */
export async function viewerState(target) {
  const { boxes, ...rest } = await target.evaluate(() => {
    const viewer = window.nwbGraphViewer;
    return {
      visible: viewer.visibleIds(),
      boxes: viewer.labelBoxes(),
      minFont: viewer.minFontPx(),
      signature: viewer.layoutSignature(),
    };
  });
  return { ...rest, overlaps: overlaps(boxes) };
}
