import { randomUUID } from "node:crypto";
import { call, get, sleep } from "./client.ts";

/**
 * Bounded load through the gateway: each member in turn deposits, places an order on a random
 * SKU (spread over the catalogue), then pays, cancels or leaves it to expire, and now and then
 * withdraws; one probe reads the admin through its upstream. Every write carries one
 * idempotency key that its retries reuse.
 */
export interface Member {
  index: number;
  token: string;
}

export async function registerMembers(count: number): Promise<Member[]> {
  const run = randomUUID().slice(0, 6);
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const email = `chaos-${run}-${index}@example.com`;
      const password = "a chaos passphrase";
      const registered = await call({ kind: "register", member: index }, "auth.register", {
        email,
        password,
        name: `Chaos ${index}`,
      });
      if (registered.outcome !== "ok") throw new Error(`register ${email}: ${registered.domainCode ?? "no answer"}`);
      const issued = await call({ kind: "token", member: index }, "auth.issueToken", {
        email,
        password,
        name: "chaos",
      });
      const token = (issued.data as { token?: string } | undefined)?.token;
      if (!token) throw new Error(`issueToken ${email}: ${issued.domainCode ?? "no answer"}`);
      return { index, token };
    }),
  );
}

/** USD SKU ids with stock, from the catalogue (through the gateway). */
export async function stockedSkus(token: string): Promise<number[]> {
  const ids: number[] = [];
  const page = await call(
    { kind: "read", member: -1 },
    "catalog.list",
    { currency: "USD", limit: 50 },
    { token, query: true },
  );
  const items = (page.data as { items?: { id: number }[] } | undefined)?.items ?? [];
  for (const item of items.slice(0, 25)) {
    const product = await call(
      { kind: "read", member: -1 },
      "catalog.product",
      { id: item.id },
      { token, query: true },
    );
    const skus =
      (product.data as { skus?: { id: number; currency: string; available: number }[] } | undefined)?.skus ?? [];
    for (const sku of skus) if (sku.currency === "USD" && sku.available > 5) ids.push(sku.id);
  }
  if (ids.length === 0) throw new Error("no stocked USD SKUs in the seeded catalogue");
  return ids;
}

/** `until()`: when the load stops (epoch ms; read on every turn: the test extends it if faults run late). */
export async function memberLoop(member: Member, skus: number[], until: () => number): Promise<void> {
  const token = member.token;
  await callDeposit(member, "500.00");
  while (Date.now() < until()) {
    const roll = Math.random();
    if (roll < 0.15) await callDeposit(member, "20.00");
    else if (roll < 0.25) {
      const key = `w-${randomUUID()}`;
      await call(
        { kind: "withdraw", member: member.index, key },
        "wallet.withdraw",
        { currency: "USD", amount: "1.00", idempotencyKey: key },
        { token },
      );
    } else {
      const key = `o-${randomUUID()}`;
      const skuId = skus[Math.floor(Math.random() * skus.length)] ?? skus[0];
      const placed = await call(
        { kind: "place", member: member.index, key },
        "order.place",
        { items: [{ skuId, quantity: 1 }], idempotencyKey: key },
        { token },
      );
      const orderId = (placed.data as { id?: number } | undefined)?.id;
      if (placed.outcome === "ok" && orderId !== undefined) {
        const next = Math.random();
        if (next < 0.5) await call({ kind: "pay", member: member.index, orderId }, "order.pay", { orderId }, { token });
        else if (next < 0.75)
          await call({ kind: "cancel", member: member.index, orderId }, "order.cancel", { orderId }, { token });
        // else: left UNPAID, for the job to expire
      }
    }
    await sleep(150 + Math.random() * 250);
  }
}

async function callDeposit(member: Member, amount: string): Promise<void> {
  const key = `d-${randomUUID()}`;
  await call(
    { kind: "deposit", member: member.index, key },
    "wallet.deposit",
    { currency: "USD", amount, idempotencyKey: key },
    { token: member.token },
  );
}

export async function adminProbe(until: () => number): Promise<void> {
  while (Date.now() < until()) {
    await get({ kind: "admin", member: -1 }, "/admin/login");
    await sleep(1_000);
  }
}
