/**
 * `window.nwbGraphViewer`: what the tests (and devtools) ask the viewer.
 *
 * - `ready` (boolean) and `whenReady` (a promise): the graph is drawn;
 * - `expand(id)`, `collapse(id)`: open or close a group;
 * - `focus(id, k)`: the object and what is within k reference/link hops; `showAll()`;
 * - `reveal(id)`: open what holds the object, select it;
 * - `center(id)`: scroll a drawn object (or a "+N more", id `…more:` + its group) to
 *   the middle of the graph;
 * - `visibleIds()`: the drawn objects (and "+N more" stand-ins);
 * - `labelBoxes()`: the drawn labels' bounding boxes in CSS pixels of the graph;
 * - `minFontPx()`: the smallest rendered font (zoom times font size);
 * - `layoutSignature()`: a hash of the drawn positions rounded to whole pixels.
 */

import type { GraphViewer, LabelBox } from "./viewer";

export interface ViewerApi {
  ready: boolean;
  whenReady: Promise<void>;
  error?: string;
  expand(id: string): void;
  collapse(id: string): void;
  focus(id: string, hops: number): void;
  showAll(): void;
  reveal(id: string): void;
  center(id: string): void;
  visibleIds(): string[];
  labelBoxes(): LabelBox[];
  minFontPx(): number;
  layoutSignature(): string;
}

export function installApi(): {
  api: ViewerApi;
  attach(viewer: GraphViewer): void;
  fail(message: string): void;
} {
  let resolve: () => void = () => undefined;
  let current: GraphViewer | undefined;
  const need = (): GraphViewer => {
    if (!current) throw new Error("the graph is not drawn yet");
    return current;
  };
  const api: ViewerApi = {
    ready: false,
    whenReady: new Promise<void>((done) => (resolve = done)),
    expand: (id) => need().expand(id),
    collapse: (id) => need().collapse(id),
    focus: (id, hops) => need().focus(id, hops),
    showAll: () => need().showAll(),
    reveal: (id) => need().reveal(id),
    center: (id) => need().center(id),
    visibleIds: () => need().visibleIds(),
    labelBoxes: () => need().labelBoxes(),
    minFontPx: () => need().minFontPx(),
    layoutSignature: () => need().layoutSignature(),
  };
  (window as unknown as { nwbGraphViewer: ViewerApi }).nwbGraphViewer = api;
  return {
    api,
    attach(viewer) {
      current = viewer;
      api.ready = true;
      resolve();
    },
    fail(message) {
      api.error = message;
    },
  };
}
