/**
 * The i18n test both apps run on their catalogues (apps/<app>/src/i18n/messages.test.ts): the
 * checks of ./messages.ts and, for every language the apps offer, a message for every domain
 * error code. One suite, so an app cannot drift into checking less than the other.
 */
import { errorCodes, errorMessages, signInErrorKeys } from "@trade/api/client";
import { locales } from "@trade/ui/locale";
import { describe, expect, it } from "vitest";
import { compareCatalogues, unusedKeys, type Tree } from "./messages";

export function describeCatalogues(
  name: string,
  app: {
    en: Tree;
    /** Every language the app offers besides English (the type makes a missing one fail to compile). */
    catalogues: Record<Exclude<(typeof locales)[number], "en">, Tree>;
    /** The app's source folder, searched for the keys it names. */
    srcDir: string;
    /** Namespaces looked up by a word the API sends, so no source names their keys. */
    dataNamespaces?: string[];
  },
): void {
  describe(name, () => {
    const problems = compareCatalogues(app.en, app.catalogues);

    it("has every key in every language", () => {
      expect(problems.missing).toEqual([]);
      expect(problems.empty).toEqual([]);
    });

    it("uses the same placeholders in every language", () => {
      expect(problems.placeholders).toEqual([]);
    });

    it("has no key the code never uses", () => {
      // The sign-in page's keys are named by signInErrorKey (@trade/api/client), which `t` types.
      expect(unusedKeys(app.en, app.srcDir, app.dataNamespaces, signInErrorKeys)).toEqual([]);
    });

    it("has a message for every domain error code in every language", () => {
      for (const locale of locales) {
        const missing = errorCodes.filter((code) => !errorMessages[locale][code]?.trim());
        expect(missing, locale).toEqual([]);
      }
    });
  });
}
