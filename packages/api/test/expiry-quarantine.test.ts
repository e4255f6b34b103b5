import { describe, expect, it } from "vitest";
import { DomainError } from "../src/errors/index.ts";
import { isPoisonFailure, quarantineExpiry } from "../src/order/expiry-quarantine.ts";
import { useTestApp } from "../src/testing/index.ts";
import { fundedMember, placeLines, stockedSku } from "./support/fixtures.ts";

// Which failed expiries set an order aside (order/expiry-quarantine.ts), and what setting it
// aside writes. The failures are real PostgreSQL errors, raised with the SQLSTATE each class
// stands for, read back through Prisma as the sweep would see them. The sweep's own tests
// (order-answers, apps/job's expire-poison) reach only the overflow and the broken-books cases.
const app = useTestApp();

/** The error Prisma throws for a statement that fails with `sqlState` and `message`. */
async function pgFailure(sqlState: string, message = "raised by the test"): Promise<unknown> {
  try {
    await app().db.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION '${message}' USING ERRCODE = '${sqlState}'; END $$`);
  } catch (error) {
    return error;
  }
  throw new Error(`no error for ${sqlState}`);
}

async function unpaidOrder() {
  const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
  const buyer = await fundedMember(app(), "10.00");
  const order = await placeLines(buyer, [sku.id, 1]);
  return { buyer, order, target: { id: order.id, buyerId: buyer.id } };
}

const alertsOf = (orderId: number) =>
  app().db.riskAlert.findMany({ where: { dedupeKey: `expiry_failed:order:${orderId}` } });

describe("isPoisonFailure: what no retry can fix", () => {
  it("a refusal of the domain is poison, BUSY (contention outlasting the retries) is not", () => {
    expect(isPoisonFailure(new DomainError("INTERNAL"))).toBe(true);
    expect(isPoisonFailure(new DomainError("OUT_OF_STOCK"))).toBe(true);
    expect(isPoisonFailure(new DomainError("BUSY"))).toBe(false);
  });

  it("data exceptions, integrity violations and the ledger triggers' errors are; the rest are not", async () => {
    for (const poison of ["22003", "22012", "23514", "23505", "P0001"])
      expect([poison, isPoisonFailure(await pgFailure(poison))]).toEqual([poison, true]);
    // A deadlock, a serialization failure, a lock timeout, a syntax error after a bad deploy,
    // a dropped connection: systemic or transient, never a property of one order.
    for (const passing of ["40P01", "40001", "55P03", "42601", "08006", "57014"])
      expect([passing, isPoisonFailure(await pgFailure(passing))]).toEqual([passing, false]);
    expect(isPoisonFailure(new Error("socket hang up"))).toBe(false);
    expect(isPoisonFailure("a thrown string")).toBe(false);
    expect(isPoisonFailure(undefined)).toBe(false);
  });
});

describe("quarantineExpiry", () => {
  it("sets an UNPAID order aside once, with one critical alert naming the order, the reason and the error", async () => {
    const { buyer, order, target } = await unpaidOrder();
    const error = await pgFailure("22003", "x".repeat(600));
    expect(await quarantineExpiry(app().db, target, error)).toBe(true);
    const row = await app().db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect([row.status, row.expiryQuarantinedAt instanceof Date]).toEqual(["UNPAID", true]);
    const message = (error as Error).message;
    expect(message.length).toBeGreaterThan(500);
    const [alert, ...more] = await alertsOf(order.id);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      rule: "expiry_failed",
      severity: "CRITICAL",
      status: "OPEN",
      userId: buyer.id,
      message: `Order ${order.id} could not be expired (22003); it is set aside and its holds are still in place.`,
    });
    expect(alert?.details).toEqual({
      orderId: order.id,
      reason: "22003",
      sqlState: "22003",
      error: message.slice(0, 500),
    });
    // Already set aside: a second failure changes nothing and raises nothing.
    expect(await quarantineExpiry(app().db, target, new DomainError("INTERNAL"))).toBe(false);
    expect(await alertsOf(order.id)).toEqual([alert]);
    await buyer.api.order.cancel({ orderId: order.id });
    await app().assertInvariants();
  });

  it("a domain refusal is named by its code; a thrown non-error is written as JSON, reason unknown", async () => {
    const refused = await unpaidOrder();
    expect(await quarantineExpiry(app().db, refused.target, new DomainError("INTERNAL"))).toBe(true);
    expect((await alertsOf(refused.order.id))[0]?.details).toEqual({
      orderId: refused.order.id,
      reason: "INTERNAL",
      sqlState: null,
      error: new DomainError("INTERNAL").message,
    });
    const odd = await unpaidOrder();
    expect(await quarantineExpiry(app().db, odd.target, { weird: "y".repeat(600) })).toBe(true);
    const [alert] = await alertsOf(odd.order.id);
    expect(alert?.message).toContain("(unknown)");
    expect(alert?.details).toEqual({
      orderId: odd.order.id,
      reason: "unknown",
      sqlState: null,
      error: JSON.stringify({ weird: "y".repeat(600) }).slice(0, 500),
    });
    for (const o of [refused, odd]) await o.buyer.api.order.cancel({ orderId: o.order.id });
    await app().assertInvariants();
  });

  it("an order that left UNPAID meanwhile (paid, cancelled) is not set aside and raises nothing", async () => {
    const paid = await unpaidOrder();
    await paid.buyer.api.order.pay({ orderId: paid.order.id });
    const cancelled = await unpaidOrder();
    await cancelled.buyer.api.order.cancel({ orderId: cancelled.order.id });
    for (const o of [paid, cancelled]) {
      expect(await quarantineExpiry(app().db, o.target, new DomainError("INTERNAL"))).toBe(false);
      const row = await app().db.order.findUniqueOrThrow({ where: { id: o.order.id } });
      expect(row.expiryQuarantinedAt).toBeNull();
      expect(await alertsOf(o.order.id)).toEqual([]);
    }
    await app().assertInvariants();
  });
});
