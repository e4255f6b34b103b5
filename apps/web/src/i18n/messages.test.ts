import path from "node:path";
import { errorCodes, errorMessages } from "@trade/api/client";
import { locales } from "@trade/ui/locale";
import { describe, expect, it } from "vitest";
import { compareCatalogues, unusedKeys } from "../../../../tooling/i18n/messages";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";

// Every language the app offers has a catalogue here.
const catalogues = { "zh-CN": zh } satisfies Record<Exclude<(typeof locales)[number], "en">, unknown>;

describe("storefront messages", () => {
  const problems = compareCatalogues(en, catalogues);

  it("has every key in every language", () => {
    expect(problems.missing).toEqual([]);
    expect(problems.empty).toEqual([]);
  });

  it("uses the same placeholders in every language", () => {
    expect(problems.placeholders).toEqual([]);
  });

  it("has no key the code never uses", () => {
    expect(unusedKeys(en, path.resolve(import.meta.dirname, ".."))).toEqual([]);
  });

  it("has a message for every domain error code in every language", () => {
    for (const locale of locales) {
      const missing = errorCodes.filter((code) => !errorMessages[locale][code]?.trim());
      expect(missing, locale).toEqual([]);
    }
  });
});
