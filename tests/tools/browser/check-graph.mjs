// Loads a page written by `nwb-lsp graph --format html` in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core, which downloads no browser) and
// reports, as JSON on stdout, what tests/e2e/test_graph_html.py asserts:
//
//   node check-graph.mjs PAGE.html \
//     '{"expand": "/a/group", "focus": "/an/object", "hops": 1, "references": "/an/object",
//       "more": "/a/big/group", "doubleClick": "/a/closed/object"}'
//
// The page is loaded twice, each time in a fresh browser context: what it drew, the
// overlapping label boxes, the smallest rendered font, the layout signature, every
// request it made (anything but the page itself is blocked), console errors. On the
// first load it then zooms one wheel notch, expands a group, focuses an object, and
// clicks through the search box, the details pane and the tree sidebar, and uses the
// mouse on the graph: a click on "+N more", a double-click on a closed object.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

import { viewerState } from "./viewer-state.mjs";

const [pagePath, specText] = process.argv.slice(2);
const spec = JSON.parse(specText ?? "{}");
const url = pathToFileURL(resolve(pagePath)).href;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

async function load(browser, act) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const requests = [];
  const errors = [];
  await context.route(/^(?!file:)/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    () => window.nwbGraphViewer?.ready || window.nwbGraphViewer?.error,
    null,
    { timeout: 30_000 },
  );
  const error = await page.evaluate(() => window.nwbGraphViewer.error ?? null);
  const report = { error, readyMs: Date.now() - started };
  if (error === null) {
    Object.assign(report, await viewerState(page));
    if (act) Object.assign(report, await act(page));
  }
  await context.close();
  return { ...report, requests: [...new Set(requests)], consoleErrors: errors };
}

async function wheelNotch(page) {
  const before = await page.evaluate(() => window.nwbGraphViewer.minFontPx());
  const box = await page.locator("#graph").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -100);
  await page.waitForFunction((b) => window.nwbGraphViewer.minFontPx() !== b, before);
  const after = await page.evaluate(() => window.nwbGraphViewer.minFontPx());
  await page.evaluate(() => window.nwbGraphViewer.showAll());
  return after / before;
}

async function act(page) {
  const out = { wheelZoom: await wheelNotch(page) };
  if (spec.expand) {
    await page.evaluate((id) => window.nwbGraphViewer.expand(id), spec.expand);
    out.expanded = await viewerState(page);
  }
  if (spec.focus) {
    await page.evaluate(([id, hops]) => window.nwbGraphViewer.focus(id, hops), [
      spec.focus,
      spec.hops ?? 1,
    ]);
    out.focused = await viewerState(page);
    await page.evaluate(() => window.nwbGraphViewer.showAll());
    out.back = await viewerState(page);
  }
  if (spec.references) out.ui = await clickThrough(page, spec.references);
  if (spec.more) out.clicks = await mouseClicks(page, spec.more, spec.doubleClick);
  return out;
}

/** The centre of a drawn object on the page, after scrolling it into the middle. */
async function centre(page, id) {
  const box = await page.evaluate((wanted) => {
    window.nwbGraphViewer.center(wanted);
    return window.nwbGraphViewer.labelBoxes().find((b) => b.id === wanted);
  }, id);
  const graph = await page.locator("#graph").boundingBox();
  return { x: graph.x + (box.x1 + box.x2) / 2, y: graph.y + (box.y1 + box.y2) / 2 };
}

/** With the mouse: a click on the "+N more" of open `group`, a double-click on the
 * closed `closed`; how many objects are drawn before and after each. */
async function mouseClicks(page, group, closed) {
  const count = () => page.evaluate(() => window.nwbGraphViewer.visibleIds().length);
  await page.evaluate(() => window.nwbGraphViewer.showAll());
  await page.evaluate((id) => window.nwbGraphViewer.expand(id), group);
  const more = (await page.evaluate(() => window.nwbGraphViewer.visibleIds())).find(
    (id) => id.startsWith("\u2026more:") && id.endsWith(`:${group}`),
  );
  const before = await count();
  const at = await centre(page, more);
  await page.mouse.click(at.x, at.y);
  const afterMore = await count();
  const spot = await centre(page, closed);
  await page.mouse.dblclick(spot.x, spot.y);
  const visible = await page.evaluate(() => window.nwbGraphViewer.visibleIds());
  return { more, before, afterMore, afterDoubleClick: visible.length, opened: visible };
}

/** Search `id` (Enter), then the details pane's "Find references" and "Show in file
 * tree", then a click on the row after it in the tree. */
async function clickThrough(page, id) {
  const shown = (want) =>
    page.waitForFunction((w) => document.getElementById("details").dataset.node === w, want);
  await page.fill("#search", id);
  await page.press("#search", "Enter");
  await shown(id);
  await page.getByRole("button", { name: "Find references" }).click();
  const references = await page.locator("#details section.references li a").allTextContents();
  await page.getByRole("button", { name: "Show in file tree" }).click();
  const treeRow = await page.locator("#tree .row.current").getAttribute("data-id");
  const next = page.locator("#tree .row.current").locator("xpath=../following-sibling::li[1]/div");
  const nextId = await next.getAttribute("data-id");
  await next.click();
  await shown(nextId);
  const visible = await page.evaluate(() => window.nwbGraphViewer.visibleIds());
  return { references, treeRow, picked: nextId, pickedDrawn: visible.includes(nextId) };
}

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
try {
  const first = await load(browser, act);
  const second = await load(browser);
  process.stdout.write(JSON.stringify({ url, loads: [first, second] }, null, 1) + "\n");
} finally {
  await browser.close();
}
