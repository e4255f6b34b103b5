import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@trade/db";
import { createTestApp, type TestApp, type TestUser } from "../src/testing/index.ts";
import type { Access } from "../src/trpc.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";
import { listProcedures } from "./support/procedures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

type AnyCaller = Record<string, unknown>;
/** Calls `path` (e.g. "merchant.products.update") on a caller with `input`. */
function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, part) => (node as AnyCaller)[part], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  return fn(input);
}

const procedures = listProcedures();

/** Who each access level admits: what every procedure is asserted against. */
const ADMITS: Record<Access, readonly Role[]> = {
  public: ["MEMBER", "MERCHANT", "OPERATOR"],
  "signed-in": ["MEMBER", "MERCHANT", "OPERATOR"],
  member: ["MEMBER", "MERCHANT", "OPERATOR"],
  merchant: ["MERCHANT"],
  operator: ["OPERATOR"],
};
const ROLES: Role[] = ["MEMBER", "MERCHANT", "OPERATOR"];
/** Mutations a frozen user may still call: they only give something up. */
const FROZEN_ALLOWED = ["auth.revokeToken", "order.cancel"];
/** A refusal that says the caller may not call the procedure at all. */
const GATE_CODES = new Set(["UNAUTHORIZED", "FORBIDDEN", "ACCOUNT_FROZEN"]);

describe("every procedure's access comes from its builder (router metadata), and holds", () => {
  it("every procedure declares its access; merchant.* and ops.* are never open to members", () => {
    expect(procedures.length).toBeGreaterThan(40);
    expect(procedures.filter((p) => p.access === undefined).map((p) => p.path)).toEqual([]);
    for (const p of procedures) {
      if (p.path.startsWith("merchant.")) expect([p.path, p.access]).toEqual([p.path, "merchant"]);
      if (p.path.startsWith("ops.")) expect([p.path, p.access]).toEqual([p.path, "operator"]);
    }
    expect(procedures.filter((p) => p.frozenAllowed).map((p) => p.path)).toEqual(FROZEN_ALLOWED);
  });

  it("anonymous callers get UNAUTHORIZED on every procedure that is not public, and pass the gate of public ones", async () => {
    for (const p of procedures) {
      const code = await codeOf(call(app.anon, p.path, {}));
      if (p.access === "public") expect([p.path, GATE_CODES.has(code)]).toEqual([p.path, false]);
      else expect([p.path, code]).toEqual([p.path, "UNAUTHORIZED"]);
    }
  });

  it("every role against every procedure: FORBIDDEN unless its access admits the role (operators on merchant procedures included)", async () => {
    for (const role of ROLES) {
      const user = await app.user(role);
      for (const p of procedures) {
        const admitted = p.access !== undefined && ADMITS[p.access].includes(role);
        const code = await codeOf(call(user.api, p.path, {}));
        if (admitted) expect([role, p.path, GATE_CODES.has(code)]).toEqual([role, p.path, false]);
        else expect([role, p.path, code]).toEqual([role, p.path, "FORBIDDEN"]);
      }
    }
  });

  it("a frozen user of every role gets ACCOUNT_FROZEN on every mutation it is admitted to, but may still read", async () => {
    const operator = await app.user("OPERATOR");
    for (const role of ROLES) {
      const user = await app.user(role);
      await operator.api.ops.users.setStatus({ userId: user.id, status: "FROZEN" });
      for (const p of procedures) {
        if (p.access === undefined || p.access === "public" || !ADMITS[p.access].includes(role)) continue;
        const code = await codeOf(call(user.api, p.path, {}));
        if (p.type === "mutation" && !p.frozenAllowed)
          expect([role, p.path, code]).toEqual([role, p.path, "ACCOUNT_FROZEN"]);
        else expect([role, p.path, GATE_CODES.has(code)]).toEqual([role, p.path, false]);
      }
      expect((await user.api.auth.me()).status).toBe("FROZEN");
    }
  });
});

describe("object level: every procedure that takes an object id refuses another owner's object", () => {
  interface World {
    owner: TestUser;
    other: TestUser;
    alice: TestUser;
    bob: TestUser;
    operator: TestUser;
    productId: number;
    skuId: number;
    draftProductId: number;
    draftSkuId: number;
    orderId: number;
    aliceTokenId: number;
  }
  let w: World;

  beforeAll(async () => {
    const { merchant: owner, product, sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    const draft = await owner.api.merchant.products.create({ title: "Unreleased", description: "secret" });
    const draftSku = await owner.api.merchant.skus.create({
      productId: draft.id,
      code: `D-${key()}`,
      attributes: {},
      price: "1.00",
      currency: "USD",
      stock: 5,
    });
    const alice = await fundedMember(app, "50.00");
    const order = await alice.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await alice.api.cart.set({ skuId: sku.id, quantity: 2 });
    const token = await alice.api.auth.createToken({ name: "cli" });
    w = {
      owner,
      other: await app.user("MERCHANT"),
      alice,
      bob: await fundedMember(app, "50.00"),
      operator: await app.user("OPERATOR"),
      productId: product.id,
      skuId: sku.id,
      draftProductId: draft.id,
      draftSkuId: draftSku.id,
      orderId: order.id,
      aliceTokenId: token.id,
    };
  });

  const notYours =
    (caller: () => TestUser, path: string, input: () => unknown, code = "NOT_FOUND") =>
    async () =>
      expect([path, await codeOf(call(caller().api, path, input()))]).toEqual([path, code]);

  /** One entry per procedure with an id in its input; the test below fails when one is missing. */
  const cases: Record<string, () => Promise<void>> = {
    "auth.revokeToken": notYours(
      () => w.bob,
      "auth.revokeToken",
      () => ({ tokenId: w.aliceTokenId }),
    ),
    "catalog.list": async () => {
      // The merchant filter shows only what is listed: the draft product never appears.
      const page = await app.anon.catalog.list({ merchantId: w.owner.id, limit: 100 });
      expect(page.items.map((i) => i.id)).toEqual([w.productId]);
    },
    "catalog.product": notYours(
      () => w.bob,
      "catalog.product",
      () => ({ id: w.draftProductId }),
    ),
    "cart.set": notYours(
      () => w.bob,
      "cart.set",
      () => ({ skuId: w.draftSkuId, quantity: 1 }),
      "NOT_LISTED",
    ),
    "cart.clear": async () => {
      await w.bob.api.cart.clear({ skuIds: [w.skuId] });
      expect((await w.alice.api.cart.get()).count).toBe(2);
    },
    "order.place": notYours(
      () => w.bob,
      "order.place",
      () => ({ items: [{ skuId: w.draftSkuId, quantity: 1 }], idempotencyKey: key() }),
      "NOT_LISTED",
    ),
    "order.pay": notYours(
      () => w.bob,
      "order.pay",
      () => ({ orderId: w.orderId }),
    ),
    "order.cancel": notYours(
      () => w.bob,
      "order.cancel",
      () => ({ orderId: w.orderId }),
    ),
    "order.get": notYours(
      () => w.bob,
      "order.get",
      () => ({ orderId: w.orderId }),
    ),
    "merchant.products.get": notYours(
      () => w.other,
      "merchant.products.get",
      () => ({ productId: w.productId }),
    ),
    "merchant.products.unpaidOrders": notYours(
      () => w.other,
      "merchant.products.unpaidOrders",
      () => ({ productId: w.productId }),
    ),
    "merchant.products.update": notYours(
      () => w.other,
      "merchant.products.update",
      () => ({ productId: w.productId, title: "Hijacked" }),
    ),
    "merchant.products.setStatus": notYours(
      () => w.other,
      "merchant.products.setStatus",
      () => ({ productId: w.productId, status: "DELISTED" }),
    ),
    "merchant.skus.list": notYours(
      () => w.other,
      "merchant.skus.list",
      () => ({ productId: w.productId }),
    ),
    "merchant.skus.page": notYours(
      () => w.other,
      "merchant.skus.page",
      () => ({ productId: w.productId }),
    ),
    "merchant.skus.create": notYours(
      () => w.other,
      "merchant.skus.create",
      () => ({ productId: w.productId, code: "X-1", attributes: {}, price: "1.00", currency: "USD", stock: 1 }),
    ),
    "merchant.skus.update": notYours(
      () => w.other,
      "merchant.skus.update",
      () => ({ skuId: w.skuId, price: "0.01" }),
    ),
    "merchant.skus.setStatus": notYours(
      () => w.other,
      "merchant.skus.setStatus",
      () => ({ skuId: w.skuId, status: "DELISTED" }),
    ),
    "merchant.skus.adjustStock": notYours(
      () => w.other,
      "merchant.skus.adjustStock",
      () => ({ skuId: w.skuId, delta: -5, reason: "theft" }),
    ),
    "merchant.skus.setFlashMode": notYours(
      () => w.other,
      "merchant.skus.setFlashMode",
      () => ({ skuId: w.skuId, buckets: 8 }),
    ),
    "merchant.orders.get": notYours(
      () => w.other,
      "merchant.orders.get",
      () => ({ orderId: w.orderId }),
    ),
    // Operators act on every member's objects; what they may not touch is their own or the platform's.
    "ops.withdrawals.approve": async () => {
      await w.operator.api.wallet.deposit({ currency: "USD", amount: "5000.00", idempotencyKey: key() });
      const own = await w.operator.api.wallet.withdraw({ currency: "USD", amount: "2000.00", idempotencyKey: key() });
      expect(own.status).toBe("PENDING");
      expect(await codeOf(w.operator.api.ops.withdrawals.approve({ withdrawalId: own.id }))).toBe("SELF_APPROVAL");
      expect(await codeOf(w.operator.api.ops.withdrawals.approve({ withdrawalId: 2_000_000_000 }))).toBe("NOT_FOUND");
    },
    "ops.withdrawals.reject": notYours(
      () => w.operator,
      "ops.withdrawals.reject",
      () => ({ withdrawalId: 2_000_000_000, reason: "no such" }),
    ),
    "ops.alerts.setStatus": notYours(
      () => w.operator,
      "ops.alerts.setStatus",
      () => ({ alertId: 2_000_000_000, status: "RESOLVED" }),
    ),
    "ops.users.setStatus": async () => {
      const system = await app.db.user.findFirstOrThrow({ where: { role: "SYSTEM" }, select: { id: true } });
      expect(await codeOf(w.operator.api.ops.users.setStatus({ userId: system.id, status: "FROZEN" }))).toBe(
        "NOT_FOUND",
      );
      expect(await codeOf(w.operator.api.ops.users.setStatus({ userId: w.operator.id, status: "FROZEN" }))).toBe(
        "FORBIDDEN",
      );
    },
  };

  it("the cases below cover exactly the procedures whose input names an object by id", () => {
    const withIds = procedures.filter((p) => p.idFields.length > 0).map((p) => p.path);
    expect(Object.keys(cases).sort()).toEqual(withIds.sort());
  });

  for (const [path, attempt] of Object.entries(cases)) it(path, attempt);

  it("after all the attempts, every owner's objects are unchanged", async () => {
    const skus = await w.owner.api.merchant.skus.list({ productId: w.productId });
    expect(skus[0]).toMatchObject({ price: "2.00", status: "LISTED", stock: 9, flashBuckets: 0 });
    expect((await w.owner.api.merchant.products.get({ productId: w.productId })).title).not.toBe("Hijacked");
    expect((await w.alice.api.order.get({ orderId: w.orderId })).status).toBe("UNPAID");
    expect((await w.alice.api.auth.tokens()).map((t) => t.id)).toEqual([w.aliceTokenId]);
    expect((await w.other.api.merchant.orders.list({ limit: 50 })).items).toEqual([]);
    expect((await w.bob.api.order.list({ limit: 50 })).items).toEqual([]);
    await app.assertInvariants();
  });
});
