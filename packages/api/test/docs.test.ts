import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { errorCodes } from "../src/errors/index.ts";
import { appRouter } from "../src/root.ts";

describe("docs/api.md matches the routers", () => {
  it("documents every procedure and every error code", async () => {
    const doc = await readFile(new URL("../../../docs/api.md", import.meta.url), "utf8");
    const missing = Object.keys(appRouter._def.procedures).filter((path) => !doc.includes(`\`${path}\``));
    expect(missing).toEqual([]);
    const undocumentedCodes = errorCodes.filter((code) => !doc.includes(code));
    expect(undocumentedCodes).toEqual([]);
  });
});
