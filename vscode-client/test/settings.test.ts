import assert from "node:assert/strict";
import { test } from "node:test";

import { DEFAULTS, mapSettings } from "../src/settings";

test("defaults when nothing is set", () => {
  assert.deepEqual(mapSettings(undefined), { settings: DEFAULTS, problems: [] });
});

test("valid values are passed on; spec paths are resolved", () => {
  const { settings, problems } = mapSettings(
    {
      select: ["G", "M010"],
      ignore: "M030, T",
      severity: { M030: "info" },
      workers: 4,
      watch: false,
      specPaths: ["ext/spec"],
      debounce: 0.5,
      timeout: 30,
      bestPractices: true,
      config: "inspector.yaml",
      threshold: "BEST_PRACTICE_VIOLATION",
    },
    (p) => `/ws/${p}`,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    select: ["G", "M010"],
    ignore: ["M030", "T"],
    severity: { M030: "info" },
    workers: 4,
    watch: false,
    specPaths: ["/ws/ext/spec"],
    debounce: 0.5,
    timeout: 30,
    bestPractices: true,
    config: "/ws/inspector.yaml",
    threshold: "BEST_PRACTICE_VIOLATION",
  });
});

test("dandi's config is a name, not a path", () => {
  const { settings } = mapSettings({ config: "dandi" }, (p) => `/ws/${p}`);
  assert.equal(settings.config, "dandi");
});

test("bad values fall back to defaults and are named", () => {
  const { settings, problems } = mapSettings({
    select: [1, 2],
    severity: { M030: "loud" },
    workers: 0,
    watch: "yes",
    timeout: -1,
    bestPractices: "yes",
    config: 3,
    threshold: "loud",
  });
  assert.deepEqual(settings, DEFAULTS);
  assert.deepEqual(problems, [
    "nwb.select must be a list of strings",
    "nwb.severity.M030 must be error, warning or info",
    "nwb.workers must be an integer from 1 to 64",
    "nwb.watch must be true or false",
    "nwb.timeout must be a number of seconds >= 0",
    "nwb.bestPractices must be true or false",
    "nwb.config must be a file path or 'dandi'",
    "nwb.threshold must be error, warning, info or an nwbinspector importance",
  ]);
});
