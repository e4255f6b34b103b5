/**
 * What the order phases buy and who buys it, read from the seeded database, and the raw SQL
 * version of one order. The raw version runs the service's own placement statement with the same
 * transaction boundaries the service uses.
 */
import type pg from "pg";
import { Prisma, sqlQuery } from "@trade/db";
import { PLACEMENT_PLAN_MODE } from "../../packages/api/src/order/place-plan.ts";
import { placementSql } from "../../packages/api/src/order/place-statement.ts";
import { tokenLookupSql } from "../../packages/api/src/member/tokens.ts";
import { withClient } from "./database.ts";

export interface BenchSku {
  id: number;
  merchantId: number;
  currency: string;
  price: string;
  title: string;
}

export interface RawMember {
  id: number;
  /** currency -> wallet account id */
  accounts: Map<string, number>;
}

export interface Workload {
  hot: BenchSku;
  /** A SKU whose stock the bench sets to 0 (the sold-out phase: every order refused). */
  soldOut: BenchSku;
  spread: BenchSku[];
  /** Emails of the members the HTTP clients log in as (one per connection). */
  appMembers: string[];
  /** Members of the raw SQL clients (a disjoint set, so both runs start from the same state). */
  rawMembers: RawMember[];
}

export const LOAD_PASSWORD = "load-password-1";
/** Added to the hot SKU's stock (through the merchant stock adjustment) so it never sells out. */
export const HOT_STOCK_ADDED = 10_000_000;

const SKU_SELECT = `SELECT s.id, s.merchant_id, s.currency, s.price::text AS price,
       p.title || ' (' || coalesce(s.attributes->>'variant', s.code) || ')' AS title
  FROM skus s JOIN products p ON p.id = s.product_id`;

interface SkuRow {
  id: number;
  merchant_id: number;
  currency: string;
  price: string;
  title: string;
}

const toSku = (r: SkuRow): BenchSku => ({
  id: r.id,
  merchantId: r.merchant_id,
  currency: r.currency,
  price: r.price,
  title: r.title,
});

export async function loadWorkload(
  url: string,
  options: { connections: number; members: number; spreadSkus: number },
): Promise<Workload> {
  return withClient(url, async (c) => {
    const merchant = (await c.query<{ id: number }>("SELECT id FROM users WHERE email = 'load-merchant@trade.test'"))
      .rows[0];
    if (!merchant) throw new Error("no load merchant: was the database seeded with --skus?");
    const hot = (await c.query<SkuRow>(`${SKU_SELECT} WHERE s.merchant_id = $1 ORDER BY s.id LIMIT 1`, [merchant.id]))
      .rows[0];
    if (!hot) throw new Error("the load merchant has no SKUs");
    // A fixed pseudo-random sample (setseed) so runs are comparable.
    await c.query("SELECT setseed(0.42)");
    const spread = (
      await c.query<SkuRow>(`${SKU_SELECT} WHERE s.merchant_id = $1 AND s.id <> $2 ORDER BY random() LIMIT $3`, [
        merchant.id,
        hot.id,
        options.spreadSkus,
      ])
    ).rows;
    const appMembers = Array.from({ length: options.connections }, (_, i) => `load-${i + 1}@trade.test`);
    const rawEmails = Array.from({ length: options.connections }, (_, i) => `load-${options.members - i}@trade.test`);
    const accounts = await c.query<{ user_id: number; email: string; currency: string; id: number }>(
      "SELECT a.user_id, u.email, a.currency, a.id FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = ANY($1) AND a.kind = 'WALLET'",
      [rawEmails],
    );
    const byEmail = new Map<string, RawMember>();
    for (const row of accounts.rows) {
      let member = byEmail.get(row.email);
      if (!member) byEmail.set(row.email, (member = { id: row.user_id, accounts: new Map() }));
      member.accounts.set(row.currency, row.id);
    }
    const rawMembers = rawEmails.map((email) => {
      const member = byEmail.get(email);
      if (!member) throw new Error(`raw member ${email} not found`);
      return member;
    });
    const soldOut = (
      await c.query<SkuRow>(
        `${SKU_SELECT} WHERE s.merchant_id = $1 AND s.id <> $2 AND s.id <> ALL($3::int[]) ORDER BY s.id DESC LIMIT 1`,
        [merchant.id, hot.id, spread.map((s) => s.id)],
      )
    ).rows[0];
    if (!soldOut) throw new Error("the load merchant has no SKU outside the hot and spread ones");
    return { hot: toSku(hot), soldOut: toSku(soldOut), spread: spread.map(toSku), appMembers, rawMembers };
  });
}

/** The `order.place` body (superjson wire format) for one line of `sku`. */
export function placeBody(sku: BenchSku, key: string): string {
  return JSON.stringify({ json: { items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key } });
}

const ORDER_TTL_SECONDS = 7200;

export function orderParts(member: RawMember, sku: BenchSku) {
  const accountId = member.accounts.get(sku.currency);
  if (accountId === undefined) throw new Error(`member ${member.id} has no ${sku.currency} wallet`);
  const unitPrice = new Prisma.Decimal(sku.price);
  return {
    accountId,
    total: unitPrice,
    lines: [{ skuId: sku.id, quantity: 1, unitPrice, title: sku.title }],
    expiresAt: new Date(Date.now() + ORDER_TTL_SECONDS * 1000),
  };
}

/** The service's placement statement for one unit of `sku` (the same text and parameters). */
export function placementFor(
  member: RawMember,
  sku: BenchSku,
  key: string,
  requestHash: string,
  waitForBucket = false,
) {
  return placementSql({
    buyerId: member.id,
    idempotencyKey: key,
    requestHash,
    demand: [[sku.id, 1]],
    expiresAt: new Date(Date.now() + ORDER_TTL_SECONDS * 1000),
    // As the bench's app runs: no hold caps (its clients hold thousands of unpaid orders each).
    maxOpenOrders: 0,
    maxHeldUnitsPerSku: 0,
    waitForBucket,
  });
}

/**
 * One order placed with raw SQL exactly as the service does it: BEGIN, the service's own
 * placement statement (`placementSql`, the same text and parameters, prepared), COMMIT.
 */
export async function rawPlace(client: pg.PoolClient, member: RawMember, sku: BenchSku, key: string): Promise<void> {
  // A flash-sale SKU whose buckets were all locked (BUCKETS_BUSY) is placed again waiting for
  // one, in a fresh transaction, as the service does (order/place.ts).
  for (const waitForBucket of [false, true]) {
    await client.query("BEGIN");
    await client.query(PLACEMENT_PLAN_MODE); // its generic plan, as the service runs it
    // A named prepared statement, as the service runs it (`prepared`): the same parse/plan savings.
    const row = (
      await sqlQuery<{ order_id: number | null; lock_refusal: { code: string } | null }>(
        client,
        placementFor(member, sku, key, "raw", waitForBucket),
      )
    )[0];
    if (row?.order_id) {
      await client.query("COMMIT");
      return;
    }
    await client.query("ROLLBACK");
    if (row?.lock_refusal?.code !== "BUCKETS_BUSY") break;
  }
  throw new Error("refused");
}

/**
 * Every statement one `order.place` request sends to PostgreSQL, on one connection: the bearer
 * token lookup (prepared, autocommit, as the service runs it), then the placement transaction
 * (`rawPlace`). Against `rawPlace` alone this isolates what the request's extra round trip costs
 * from what HTTP, tRPC and Node cost.
 */
export async function rawPlaceAsRequest(
  client: pg.PoolClient,
  member: RawMember,
  sku: BenchSku,
  key: string,
  token: string,
): Promise<void> {
  if ((await sqlQuery(client, tokenLookupSql(token))).length !== 1) throw new Error("token not found");
  await rawPlace(client, member, sku, key);
}
