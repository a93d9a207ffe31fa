import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  Buffer: "readonly",
  fetch: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  URL: "readonly",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "e2e/.cache/**", "e2e/out/**", "e2e/screenshots/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: "error",
      "no-console": "error",
    },
  },
  {
    // Node scripts: the .vsix check and the e2e driver (whose page.evaluate callbacks
    // run in the browser, hence `document` and `window`).
    files: ["**/*.mjs"],
    languageOptions: { globals: { ...nodeGlobals, document: "readonly", window: "readonly" } },
  },
);
