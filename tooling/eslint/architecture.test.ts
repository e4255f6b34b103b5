import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

/**
 * The architecture rules of eslint.config.ts, each shown failing on a fixture that breaks it (and
 * passing on its legal twin), so a config edit that silently drops a rule fails the suite. The
 * fixtures are linted as text under a path inside the tree; type information is switched off for
 * them because they exist in no tsconfig project.
 */
const repoRoot = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: [{ files: ["**/*.{ts,tsx}"], ...tseslint.configs.disableTypeChecked }],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe("architecture lint rules", () => {
  it("@trade/db imports no workspace package", async () => {
    expect(
      await ruleIds("packages/db/src/fixture.ts", 'import { x } from "@trade/api";\nexport const y = x;\n'),
    ).toContain("no-restricted-imports");
    expect(await ruleIds("packages/db/src/fixture.ts", 'import { z } from "zod";\nexport const y = z;\n')).toEqual([]);
  });

  it("@trade/ui (the UI kit) imports no workspace package", async () => {
    expect(
      await ruleIds("packages/ui/src/fixture.ts", 'import { x } from "@trade/api/money";\nexport const y = x;\n'),
    ).toContain("no-restricted-imports");
    expect(
      await ruleIds("packages/ui/src/fixture.ts", 'import { useId } from "react";\nexport const y = useId;\n'),
    ).toEqual([]);
  });

  it("@trade/api imports no app, by package name or by relative path", async () => {
    const byName = 'import { env } from "@trade/web/src/env";\nexport const y = env;\n';
    const byPath = 'import { env } from "../../../apps/web/src/env.ts";\nexport const y = env;\n';
    expect(await ruleIds("packages/api/src/fixture.ts", byName)).toContain("no-restricted-imports");
    expect(await ruleIds("packages/api/src/fixture.ts", byPath)).toContain("no-restricted-imports");
    expect(
      await ruleIds("packages/api/src/fixture.ts", 'import { db } from "@trade/db";\nexport const y = db;\n'),
    ).toEqual([]);
  });

  it("@trade/api imports neither Next.js, next-auth nor the hosting package (@trade/server)", async () => {
    const file = "packages/api/src/fixture.ts";
    const importing = (source: string) => `import { x } from "${source}";\nexport const y = x;\n`;
    for (const source of [
      "next",
      "next/server",
      "next-auth",
      "next-auth/jwt",
      "@trade/server/auth",
      "../../server/src/app-server.ts",
    ])
      expect(await ruleIds(file, importing(source)), source).toContain("no-restricted-imports");
    // Not even a type: the domain package must type-check without them installed.
    expect(
      await ruleIds(file, 'import type { NextAuthOptions } from "next-auth";\nexport type Y = NextAuthOptions;\n'),
    ).toContain("no-restricted-imports");
    expect(await ruleIds(file, importing("@trpc/server"))).toEqual([]);
    // The hosting package is where they belong (and it imports no app).
    expect(await ruleIds("packages/server/src/fixture.ts", importing("next-auth/jwt"))).toEqual([]);
    expect(await ruleIds("packages/server/src/fixture.ts", importing("@trade/web/src/env"))).toContain(
      "no-restricted-imports",
    );
  });

  it("client components import neither @trade/db nor server modules", async () => {
    const client = (source: string) => `"use client";\nimport { x } from "${source}";\nexport const y = x;\n`;
    const file = "apps/web/src/components/fixture.tsx";
    for (const source of [
      "@trade/db",
      "@trade/api",
      "@trade/server/auth",
      "@trade/server/security-headers",
      "~/server/auth",
      "server-only",
      "node:fs",
    ])
      expect(await ruleIds(file, client(source)), source).toContain("trade/client-boundary");
    for (const source of ["@trade/api/client", "@trade/api/money", "@trade/api/errors", "~/lib/form"])
      expect(await ruleIds(file, client(source)), source).toEqual([]);
    // A server component (no directive) may import server modules.
    expect(await ruleIds(file, 'import { x } from "~/server/auth";\nexport const y = x;\n')).toEqual([]);
    // Types vanish at build time: a client component may name a server type.
    expect(await ruleIds(file, '"use client";\nimport type { X } from "@trade/db";\nexport type Y = X;\n')).toEqual([]);
  });

  it("process.env is read only in env modules", async () => {
    const code = "export const port = process.env.PORT;\n";
    expect(await ruleIds("packages/api/src/order/fixture.ts", code)).toContain("no-restricted-properties");
    expect(await ruleIds("apps/web/src/components/fixture.tsx", code)).toContain("no-restricted-properties");
    expect(await ruleIds("packages/api/src/env.ts", code)).toEqual([]);
    expect(await ruleIds("apps/job/src/env.ts", code)).toEqual([]);
  });

  it("an expected failure in a test names its error", async () => {
    const bare = 'import { expect, it } from "vitest";\nit("x", () => expect(() => JSON.parse("")).toThrow());\n';
    const named =
      'import { expect, it } from "vitest";\nit("x", () => expect(() => JSON.parse("")).toThrow(/JSON/));\n';
    expect(await ruleIds("packages/api/test/fixture.test.ts", bare)).toContain("no-restricted-syntax");
    expect(await ruleIds("packages/api/test/fixture.test.ts", named)).toEqual([]);
  });

  it("services run interactive transactions through runTx", async () => {
    const direct = "export const f = (db: any) => db.$transaction(async (tx: any) => tx);\n";
    expect(await ruleIds("packages/api/src/order/fixture.ts", direct)).toContain("no-restricted-syntax");
    expect(await ruleIds("packages/api/src/infra/tx.ts", direct)).not.toContain("no-restricted-syntax");
  });
});
