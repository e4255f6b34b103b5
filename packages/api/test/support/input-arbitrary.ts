import fc from "fast-check";
import type { z } from "zod";

/** Values that reach the services: real ids of other users' objects, forged cursors, edges. */
export interface Pools {
  ids: number[];
  strings: string[];
}

const forgedCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Strings that broke, or could break, a query: huge numbers, NUL, forged cursors, odd text. */
/** Forged and out-of-range cursors: each list must refuse them with a code, never fail its query. */
const CURSORS = [
  "9223372036854775807",
  "9223372036854775808",
  "9999999999999999999",
  "99999999999999999999",
  "0",
  "-1",
  "1.5",
  "1e3",
  "abc",
  forgedCursor({ id: 1e20, value: "1" }),
  forgedCursor({ id: 2 ** 31, value: "x" }),
  forgedCursor({ id: 1, value: "\u0000" }),
  forgedCursor({ id: -5, value: "1e400" }),
  forgedCursor({ id: 1, value: "9".repeat(40) }),
  forgedCursor({ id: 3, value: "banana" }),
  forgedCursor([1, 2]),
  "not-a-cursor!",
];

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "🙂🙂🙂",
  "ＵＳＤ",
  "%_\\",
  "' OR 1=1 --",
  "USD",
  "JPY",
  "EUR",
  "XYZ",
  "1.00",
  "0.01",
  "0",
  "-1",
  "1e3",
  "NaN",
  "999999999999.99",
  "9223372036854775807",
  "9223372036854775808",
  "99999999999999999999",
  "1".repeat(19),
  "x".repeat(5001),
  "https://example.com/a.png",
  "javascript:alert(1)",
  "colour=red;size=M",
];

const NASTY_NUMBERS = [0, -0, 1, -1, 0.5, 999, 1000, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -(2 ** 31), 1e308, -1e308];

function numbers(pools: Pools): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 1, max: 20 }),
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...(pools.ids.length > 0 ? pools.ids : [1])) },
    fc.double(),
    fc.integer(),
  );
}

function strings(pools: Pools): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    fc.constantFrom(...(pools.strings.length > 0 ? pools.strings : ["x"])),
    fc.uuid().map((u) => `prop-${u}`),
    fc.integer({ min: 0, max: 2 ** 31 }).map(String),
  );
}

const SMALL = [1, 2, 3, 5, 10, 20, 50, 100, 999];

/**
 * A leaf: mostly one of the edge values this very schema accepts (a 19-digit cursor where any
 * 20-character string is allowed, the largest id, another user's id), so calls get past
 * validation and the service meets them; otherwise anything of the type.
 */
function edgeOrValid<T>(schema: Schema, generic: fc.Arbitrary<T>, candidates: T[], weight = 6): fc.Arbitrary<T> {
  const accepted = candidates.filter((c) => (schema as z.ZodType).safeParse(c).success);
  if (accepted.length === 0) return generic;
  return fc.oneof({ weight, arbitrary: fc.constantFrom(...accepted) }, { weight: 1, arbitrary: generic });
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
type Schema = z.core.$ZodType;

/**
 * An arbitrary for one zod schema: mostly the schema's shape (so calls get past validation and
 * reach the services) with edge values at the leaves, and now and then a value of the wrong type
 * anywhere. A schema kind it does not know fails the test, so a new procedure cannot go untested.
 */
export function inputArbitrary(schema: Schema, pools: Pools, where: string): fc.Arbitrary<unknown> {
  const shaped = shapedArbitrary(schema, pools, where);
  return fc.oneof({ weight: 19, arbitrary: shaped }, { weight: 1, arbitrary: fc.anything() });
}

function shapedArbitrary(schema: Schema, pools: Pools, where: string): fc.Arbitrary<unknown> {
  const def = schema._zod.def as Def;
  const inner = (s: unknown, at = where) => inputArbitrary(s as Schema, pools, at);
  switch (def.type) {
    case "string":
      // Cursors get their own forgeries, tried most of the time.
      if (/cursor$/i.test(where)) return edgeOrValid(schema, strings(pools), [...CURSORS, ...pools.strings], 12);
      return edgeOrValid(schema, strings(pools), [...NASTY_STRINGS, ...pools.strings]);
    case "number":
      return edgeOrValid(schema, numbers(pools), [...NASTY_NUMBERS, ...pools.ids, ...SMALL]);
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.oneof(fc.date(), fc.constantFrom(new Date(-8.64e15), new Date(8.64e15), new Date(Number.NaN)));
    case "enum":
      return fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...Object.values(def.entries as Record<string, string>)) },
        { weight: 1, arbitrary: strings(pools) },
      );
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "optional":
      return fc.option(inner(def.innerType), { nil: undefined, freq: 5 });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null, freq: 5 });
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return fc.option(inner(def.innerType), { nil: undefined, freq: 5 });
    case "pipe":
      return inner(def.in);
    case "union":
      return fc.oneof(...(def.options as Schema[]).map((o) => inner(o)));
    case "array":
      return fc.oneof(
        fc.constant([]),
        fc.array(inner(def.element), { maxLength: 4 }),
        fc.array(inner(def.element), { minLength: 40, maxLength: 220 }),
      );
    case "record":
      return fc.dictionary(
        shapedArbitrary(def.keyType as Schema, pools, where) as fc.Arbitrary<string>,
        inner(def.valueType),
        { maxKeys: 14 },
      );
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s, `${where}.${k}`)])));
    }
    default:
      throw new Error(`${where}: no input generator for zod type "${def.type}"; add one to input-arbitrary.ts`);
  }
}
