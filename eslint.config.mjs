// One flat config for the whole monorepo: typed lint rules on every TypeScript file.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.next/**",
      "**/generated/**",
      "**/next-env.d.ts",
      "demo-output/**",
      "test-results/**",
      "playwright-report/**",
      ".tools/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        performance: "readonly",
      },
    },
  },
  {
    // Scripts that drive Chromium pass functions into the page: those run with browser globals.
    files: ["bench/**/*.mjs", "e2e/**/*.mjs"],
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        localStorage: "readonly",
        MutationObserver: "readonly",
        requestAnimationFrame: "readonly",
        HTMLTextAreaElement: "readonly",
        Event: "readonly",
      },
    },
  },
);
