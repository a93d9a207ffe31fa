/**
 * Zoom that keeps text readable. The opening zoom renders the smallest font at
 * MIN_FONT_PX or more: when the whole picture fits at that zoom it is fitted,
 * otherwise the view opens at that zoom on the top-left corner, where the root
 * is, rather than shrinking everything into unreadable text. One wheel notch zooms
 * by NOTCH (a trackpad's small pixel deltas by a proportional share of it).
 * Pure: no DOM.
 */

export const MIN_FONT_PX = 10;
export const MAX_ZOOM = 2;
export const NOTCH = 1.15;
const NOTCH_PIXELS = 100; // what one wheel notch reports in pixel mode

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
}

/**
 * The opening viewport of a picture `width` x `height` (model pixels, its top-left
 * corner at the origin) in a `screenW` x `screenH` container, whose smallest font
 * is `fontPx` model pixels.
 */
export function openingViewport(
  width: number,
  height: number,
  screenW: number,
  screenH: number,
  fontPx: number,
  margin = 20,
): Viewport {
  const readable = MIN_FONT_PX / fontPx;
  const fit = Math.min((screenW - 2 * margin) / width, (screenH - 2 * margin) / height);
  if (fit >= readable) {
    const zoom = Math.min(fit, MAX_ZOOM);
    return {
      zoom,
      pan: { x: (screenW - width * zoom) / 2, y: (screenH - height * zoom) / 2 },
    };
  }
  return { zoom: readable, pan: { x: margin, y: margin } };
}

/** The factor one wheel event zooms by (deltaMode 0: pixels, 1: lines, 2: pages). */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  if (deltaY === 0) return 1;
  // Mouse wheels report 53 to 120 pixels a notch depending on the platform: count
  // each such event as one notch at least; trackpads send many small deltas.
  const pixels =
    Math.abs(deltaY) >= 40 ? Math.max(NOTCH_PIXELS, Math.abs(deltaY)) : Math.abs(deltaY);
  const notches = Math.sign(deltaY) * (deltaMode === 0 ? pixels / NOTCH_PIXELS : 1);
  const clamped = Math.max(-3, Math.min(3, notches));
  return Math.pow(NOTCH, -clamped);
}
