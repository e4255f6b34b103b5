import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import nextPlugin from "@next/eslint-plugin-next";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import type { Linter } from "eslint";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";
import { clientBoundary } from "./tooling/eslint/client-boundary.ts";

/**
 * One lint config for the whole tree. Besides the usual checks it writes the architecture down as
 * rules, so the one-way dependencies stay one-way:
 *   apps -> @trade/server (hosting) -> @trade/api (domain) -> @trade/db; @trade/db imports no
 *   workspace package; @trade/api imports no app, no hosting code and neither Next.js nor next-auth;
 *   @trade/server imports no app;
 *   @trade/ui (the UI kit) imports no workspace package;
 *   client components import neither @trade/db nor server modules; process.env only in env modules.
 * tooling/eslint/architecture.test.ts proves each rule fails on a violating fixture.
 */

const apps = ["@trade/web", "@trade/admin", "@trade/job", "@trade/payment"];
// The inventory service: its tests support (`@trade/inventory/testing`) may start it from other
// packages' tests, but no source module imports it.
const services = ["@trade/inventory"];
const restrict = (patterns: { group: string[]; message: string }[]): Linter.RulesRecord => ({
  "no-restricted-imports": ["error", { patterns }],
});

export default defineConfig(
  globalIgnores([
    "**/node_modules/**",
    "**/.next/**",
    "**/dist/**",
    "**/.data/**",
    "**/.turbo/**",
    "packages/db/src/generated/**",
    "**/next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "artifacts/**",
    // Stryker's sandbox copies of the tree (mutated) and its reports (npm run test:mutation).
    ".stryker-tmp*/**",
    "reports/**",
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { trade: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Interface implementations (stores, stubs) are async by contract without awaiting.
      "@typescript-eslint/require-await": "off",
      eqeqeq: ["error", "smart"],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read the environment in the module's env.ts and pass configuration in.",
        },
      ],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // Where the environment may be read: the env modules, the tooling around the apps (scripts,
  // tests and their support, config files) and the test-only entry points of the packages.
  {
    files: [
      "**/src/env.ts",
      "apps/*/src/client-env.ts",
      "packages/server/src/app-env.ts",
      "scripts/**",
      "tooling/**",
      "**/test/**",
      "**/e2e/**",
      "**/*.test.ts",
      "**/*.config.{ts,js,mjs}",
      "packages/*/src/testing/**",
      "packages/*/scripts/**",
      "apps/*/scripts/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  // The layers.
  {
    files: ["packages/db/**/*.{ts,tsx}"],
    rules: restrict([
      { group: ["@trade/*"], message: "@trade/db is the bottom layer: it imports no workspace package." },
    ]),
  },
  {
    files: ["packages/api/**/*.{ts,tsx}"],
    rules: restrict([
      { group: [...apps, ...apps.map((a) => `${a}/*`)], message: "@trade/api imports no app." },
      {
        group: [...services, ...services.map((a) => `${a}/*`)],
        message:
          "@trade/api imports no service: only its tests start the inventory service (@trade/inventory/testing).",
      },
      { group: ["**/apps/*/**"], message: "@trade/api imports no app (not even by relative path)." },
      {
        group: ["next", "next/*", "next-auth", "next-auth/*"],
        message: "@trade/api is the domain: it runs without Next.js and next-auth (hosting code is @trade/server).",
      },
      {
        group: ["@trade/server", "@trade/server/*", "**/server/src/**"],
        message: "@trade/api imports no hosting code: @trade/server builds on @trade/api, not the other way.",
      },
    ]),
  },
  {
    // Only tests may start the real inventory service; the rules above, without that one.
    files: ["packages/api/test/**/*.{ts,tsx}"],
    rules: restrict([
      { group: [...apps, ...apps.map((a) => `${a}/*`)], message: "@trade/api imports no app." },
      { group: ["**/apps/*/**"], message: "@trade/api imports no app (not even by relative path)." },
      {
        group: ["next", "next/*", "next-auth", "next-auth/*", "@trade/server", "@trade/server/*", "**/server/src/**"],
        message: "@trade/api is the domain: no Next.js, next-auth or hosting code.",
      },
    ]),
  },
  {
    files: ["packages/server/**/*.{ts,tsx}"],
    rules: restrict([
      { group: [...apps, ...apps.map((a) => `${a}/*`)], message: "@trade/server imports no app." },
      { group: ["**/apps/*/**"], message: "@trade/server imports no app (not even by relative path)." },
    ]),
  },
  {
    files: ["packages/ui/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      ...restrict([{ group: ["@trade/*"], message: "@trade/ui is a plain UI kit: it imports no workspace package." }]),
      "trade/client-boundary": "error",
    },
  },
  {
    files: ["apps/web/**/*.{ts,tsx}", "apps/admin/**/*.{ts,tsx}"],
    ignores: ["apps/*/e2e/**"],
    extends: [reactHooks.configs.flat.recommended],
    plugins: { "@next/next": nextPlugin },
    settings: { next: { rootDir: ["apps/web/", "apps/admin/"] } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "trade/client-boundary": "error",
      // Product images are merchants' URLs on any host: no optimiser, plain <img> with a fallback.
      "@next/next/no-img-element": "off",
    },
  },
  // Every interactive transaction of the services goes through runTx (retries of deadlocks and
  // serialization failures, BUSY after the last attempt, one set of timeouts).
  {
    files: ["packages/api/src/**/*.ts"],
    ignores: ["packages/api/src/infra/tx.ts", "packages/api/src/testing/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='$transaction'][arguments.0.type=/FunctionExpression$/]",
          message: "Run interactive transactions through runTx (packages/api/src/infra/tx.ts).",
        },
      ],
    },
  },
  // An expected failure names its code, constraint or message: a bare toThrow() accepts any error,
  // including the one the test did not mean.
  {
    files: ["**/test/**", "**/*.test.ts", "**/e2e/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(toThrow|toThrowError)$/][arguments.length=0]",
          message: "Name the expected error (code, constraint or message): a bare toThrow() accepts any error.",
        },
      ],
    },
  },
  // Playwright fixtures destructure `{}` and call `use()`: neither is React.
  {
    files: ["apps/*/e2e/**"],
    rules: { "no-empty-pattern": "off" },
  },
  {
    files: ["apps/web/**/*.tsx", "apps/admin/**/*.tsx", "packages/ui/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
    languageOptions: { ...jsxA11y.flatConfigs.recommended.languageOptions, globals: { ...globals.browser } },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // `role` is also a prop of our own components (the admin shell's MERCHANT / OPERATOR).
      "jsx-a11y/aria-role": ["error", { ignoreNonDOM: true }],
      // Focus moves on purpose where a person starts typing: the sign-in form and a dialog's
      // first field (the WAI-ARIA dialog pattern).
      "jsx-a11y/no-autofocus": "off",
    },
  },
  prettier,
);
