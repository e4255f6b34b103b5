import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareCatalogues, placeholders, unusedKeys } from "./messages";

describe("catalogue checks", () => {
  it("reads ICU arguments and rich-text tags, not plural branch text", () => {
    expect(placeholders("{count, plural, one {# item} other {# items}} in {currency}")).toEqual(["count", "currency"]);
    expect(placeholders("Use <code>Bearer</code> for {name}")).toEqual(["<code>", "name"]);
  });

  it("reports a key missing in either language and a placeholder that differs", () => {
    const en = { a: { title: "Hi {name}", only: "x" } };
    const zh = { a: { title: "你好 {who}", extra: "多余" } };
    const problems = compareCatalogues(en, { "zh-CN": zh });
    expect(problems.missing).toEqual(
      expect.arrayContaining([
        { locale: "zh-CN", key: "a.only" },
        { locale: "en", key: "a.extra" },
      ]),
    );
    expect(problems.placeholders).toEqual([{ locale: "zh-CN", key: "a.title", expected: ["name"], actual: ["who"] }]);
  });

  it("reports a key no source file names", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "i18n-src-"));
    writeFileSync(path.join(dir, "page.tsx"), 'const x = t("used"); const y = t(`${code}.title`);');
    expect(unusedKeys({ ns: { used: "u", forgotten: "f" }, e: { X: { title: "t" } } }, dir)).toEqual(["ns.forgotten"]);
  });
});
