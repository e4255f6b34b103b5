import { readFile } from "node:fs/promises";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { DomainError, errorCatalogue } from "../src/errors/index.ts";
import { appRouter } from "../src/root.ts";
import { domainCodeOf } from "../src/trpc.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { inputArbitrary, type Pools } from "./support/input-arbitrary.ts";
import { key, stockedSku } from "./support/fixtures.ts";

/**
 * Every procedure of the router, driven with generated input (wrong types, huge and negative
 * numbers, long and odd strings, forged cursors, empty arrays, other users' ids) by callers of
 * every role: no call may end in a 5xx, every refusal carries a domain code, and the books
 * balance afterwards. The procedures are read from the router itself, so a new one is covered
 * (or fails here, if its input uses a schema kind the generator does not know).
 */
interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; inputs: z.core.$ZodType[] };
}
// The built router keeps a flat map of "a.b.c" -> procedure at run time.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);

type Call = (input: unknown) => Promise<unknown>;
type Caller = Awaited<ReturnType<TestApp["callerFor"]>>;

/** `caller.a.b.c` for the path "a.b.c" (the caller is a proxy: any path resolves to a function). */
function procedureOf(caller: Caller, path: string): Call {
  return path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as Call;
}

const RUNS = 60;
/** Password hashing makes these slow (and rate-limited anyway). */
const SLOW = new Set(["auth.register", "auth.issueToken"]);

let app: TestApp;
let pools: Pools;
let callers: Record<"anon" | "member" | "merchant" | "operator", Caller>;

beforeAll(async () => {
  app = await createTestApp({ poolSize: 5 }); // one call at a time: few connections on a shared server
  const member = await app.user("MEMBER");
  const other = await app.user("MEMBER");
  const merchant = await app.user("MERCHANT");
  const operator = await app.user("OPERATOR");
  // The caller merchant's own catalogue, and another merchant's (other users' ids).
  const own = await stockedSku(app, { merchant, stock: 50, price: "3.00" });
  const foreign = await stockedSku(app, { stock: 50, price: "4.00" });
  for (const m of [member, other]) {
    await m.api.wallet.deposit({ currency: "USD", amount: "2000.00", idempotencyKey: key() });
  }
  const mine = await member.api.order.place({ items: [{ skuId: own.sku.id, quantity: 1 }], idempotencyKey: key() });
  const theirs = await other.api.order.place({
    items: [{ skuId: foreign.sku.id, quantity: 2 }],
    idempotencyKey: key(),
  });
  await other.api.order.pay({ orderId: theirs.id });
  const withdrawal = await other.api.wallet.withdraw({ currency: "USD", amount: "1500.00", idempotencyKey: key() });
  const token = await other.api.auth.createToken({ name: "other's token" });
  const page = await app.anon.catalog.list({ limit: 1 });
  const ledger = await other.api.wallet.ledger({ limit: 1 });
  pools = {
    ids: [
      ...[member, other, merchant, operator].map((u) => u.id),
      own.product.id,
      own.sku.id,
      foreign.product.id,
      foreign.sku.id,
      mine.id,
      theirs.id,
      withdrawal.id,
      token.id,
    ],
    strings: [
      other.email,
      own.sku.code,
      foreign.sku.code,
      page.nextCursor ?? "",
      ledger.nextCursor ?? "",
      "correct-horse-battery",
    ],
  };
  callers = {
    anon: app.anon,
    member: member.api,
    merchant: merchant.api,
    operator: operator.api,
  };
}, 60_000);
afterAll(async () => {
  await app?.close();
});

/** The role a procedure is meant for (its group), tried most often; the others now and then. */
function homeRole(path: string): keyof typeof callers {
  if (path.startsWith("merchant.")) return "merchant";
  if (path.startsWith("ops.")) return "operator";
  if (path.startsWith("auth.register") || path.startsWith("auth.issueToken")) return "anon";
  return "member";
}

async function assertNo5xx(path: string, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    expect(error, `${path} threw a non-tRPC error`).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    const code = domainCodeOf(trpcError);
    const why = `${path} answered ${code}: ${String(trpcError.cause?.stack ?? trpcError.cause ?? trpcError.message)}`;
    expect(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"], why).not.toContain(errorCatalogue[code].trpc);
    // A refusal is ours (a domain error) or the input schema's, never an uncoded one.
    expect(trpcError.cause instanceof DomainError || trpcError.cause instanceof ZodError, why).toBe(true);
  }
}

describe("every procedure, generated input: no 5xx, every refusal coded, the books balance", () => {
  it("the router has procedures, and docs/api.md names exactly those", async () => {
    expect(procedures.length).toBeGreaterThan(40);
    const doc = await readFile(new URL("../../../docs/api.md", import.meta.url), "utf8");
    const documented = new Set([...doc.matchAll(/^\| `([a-z]+(?:\.[a-zA-Z]+)+)` \(/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(procedures.map(([path]) => path).sort());
  });

  it.each(procedures.map(([path, procedure]) => [path, procedure] as const))(
    "%s",
    async (path, procedure) => {
      const schema = procedure._def.inputs[0];
      const input = schema ? inputArbitrary(schema, pools, path) : fc.anything();
      const role = fc.oneof(
        { weight: 4, arbitrary: fc.constant(homeRole(path)) },
        { weight: 1, arbitrary: fc.constantFrom("anon", "member", "merchant", "operator" as const) },
      );
      await fc.assert(
        fc.asyncProperty(input, role, async (value, who) => {
          await assertNo5xx(path, procedureOf(callers[who], path)(value));
        }),
        { numRuns: SLOW.has(path) ? 6 : RUNS, endOnFailure: true },
      );
    },
    30_000,
  );

  it("the books balance after all of it", async () => {
    await app.assertInvariants();
  });
});
