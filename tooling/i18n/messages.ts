/**
 * Checks for an app's message catalogues (apps/<app>/messages/<locale>.json), used by each app's
 * i18n test: the same keys in every language, the same placeholders for each key, and no key
 * the app's code never names. Plain functions over JSON: no next-intl needed to run them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Tree = { [key: string]: string | Tree };

/** "cart.title" -> message, for every leaf. */
export function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/**
 * The names a message interpolates: ICU arguments ({count}, {count, plural, ...}) and rich-text
 * tags (<code></code>). Plural branches' own text is not an argument ("# items").
 */
export function placeholders(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)) if (m[1]) names.add(m[1]);
  for (const m of message.matchAll(/<([A-Za-z][\w-]*)>/g)) if (m[1]) names.add(`<${m[1]}>`);
  return [...names].sort();
}

export interface CatalogueProblems {
  missing: { locale: string; key: string }[];
  placeholders: { locale: string; key: string; expected: string[]; actual: string[] }[];
  empty: { locale: string; key: string }[];
}

/** Compares every catalogue with the reference one (English). */
export function compareCatalogues(reference: Tree, others: Record<string, Tree>): CatalogueProblems {
  const ref = flatten(reference);
  const problems: CatalogueProblems = { missing: [], placeholders: [], empty: [] };
  for (const [locale, tree] of Object.entries({ en: reference, ...others })) {
    const flat = flatten(tree);
    for (const key of new Set([...ref.keys(), ...flat.keys()])) {
      const expected = ref.get(key);
      const actual = flat.get(key);
      if (expected === undefined || actual === undefined) {
        problems.missing.push({ locale: expected === undefined ? "en" : locale, key });
        continue;
      }
      if (actual.trim() === "") problems.empty.push({ locale, key });
      const want = placeholders(expected);
      const got = placeholders(actual);
      if (want.join() !== got.join()) problems.placeholders.push({ locale, key, expected: want, actual: got });
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * Keys whose last segment appears nowhere in the app's source as a quoted string or a
 * template-literal part. Cheap and slightly generous (a leaf named like some other string
 * passes), but it catches the usual leftover: a message whose component was removed.
 * `dataNamespaces` are translated by a value from the API (t(status)) rather than by name;
 * `namedElsewhere` are leaves a shared package names for the app (the sign-in error keys).
 */
export function unusedKeys(
  reference: Tree,
  srcDir: string,
  dataNamespaces: string[] = [],
  namedElsewhere: readonly string[] = [],
): string[] {
  const source = sourceFiles(srcDir)
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
  const quoted = new Set<string>(namedElsewhere);
  for (const m of source.matchAll(/["'`]([\w.]+)["'`]/g))
    if (m[1]) for (const part of m[1].split(".")) quoted.add(part);
  // `${code}.title` and the like: the literal pieces around a template placeholder.
  for (const m of source.matchAll(/[}.]([A-Za-z_]\w*)[`"]/g)) if (m[1]) quoted.add(m[1]);
  return [...flatten(reference).keys()].filter((key) => {
    // Namespaces keyed by values the API sends (status words): looked up, never named in code.
    if (dataNamespaces.some((ns) => key.startsWith(`${ns}.`))) return false;
    const leaf = key.split(".").at(-1) ?? key;
    return !quoted.has(leaf);
  });
}
