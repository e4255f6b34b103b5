import type { Db } from "@trade/db";
import { runTx } from "../infra/tx.ts";
import { hashPassword } from "../member/password.ts";

/**
 * Bulk load data for benchmarks, set-based (one statement per table, no row-at-a-time inserts):
 * `members` members with USD/CNY/JPY wallets funded through real deposit journals, and `skus`
 * listed SKUs spread over products of a load merchant. Every balance equals its ledger.
 */
export async function seedLoad(
  db: Db,
  options: { members: number; skus: number; funds?: string; stock?: number },
): Promise<{ members: number; skus: number }> {
  const passwordHash = await hashPassword("load-password-1");
  const funds = options.funds ?? "1000000";
  const stock = options.stock ?? 1000;
  await runTx(
    db,
    async (tx) => {
      const start = await tx.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM users WHERE email LIKE 'load-%@trade.test'`;
      const offset = Number(start[0]?.n ?? 0);
      await tx.$executeRaw`
      INSERT INTO users (email, name, password_hash, role)
      SELECT 'load-' || g || '@trade.test', 'Load member ' || g, ${passwordHash}, 'MEMBER'
        FROM generate_series(${offset + 1}::int, ${offset + options.members}::int) g`;
      await tx.$executeRaw`
      INSERT INTO accounts (user_id, currency, kind)
      SELECT u.id, c.code, 'WALLET' FROM users u CROSS JOIN currencies c
       WHERE u.email LIKE 'load-%@trade.test' AND c.active
      ON CONFLICT DO NOTHING`;
      // Fund every unfunded load wallet through a real deposit journal (user +, platform cash -).
      // Separate statements over real tables (analysed between steps) keep every join a hash
      // join; the deposit's idempotency key carries the account id it funds.
      await tx.$executeRaw`
      INSERT INTO deposits (user_id, currency, amount, idempotency_key, request_hash)
      SELECT a.user_id, a.currency, ${funds}::numeric, 'load-' || a.id, 'load'
        FROM accounts a JOIN users u ON u.id = a.user_id
       WHERE u.email LIKE 'load-%@trade.test' AND a.kind = 'WALLET' AND a.balance = 0 AND a.frozen = 0
      ON CONFLICT DO NOTHING`;
      await tx.$executeRaw`ANALYZE deposits`;
      await tx.$executeRaw`
      INSERT INTO journals (type, currency, deposit_id)
      SELECT 'DEPOSIT', d.currency, d.id FROM deposits d
       WHERE d.request_hash = 'load' AND NOT EXISTS (SELECT 1 FROM journals j WHERE j.type = 'DEPOSIT' AND j.deposit_id = d.id)`;
      await tx.$executeRaw`ANALYZE journals`;
      await tx.$executeRaw`
      CREATE TEMP TABLE load_funding ON COMMIT DROP AS
      SELECT j.id AS journal_id, substr(d.idempotency_key, 6)::int AS account_id, d.currency, d.amount
        FROM journals j JOIN deposits d ON d.id = j.deposit_id
        JOIN accounts a ON a.id = substr(d.idempotency_key, 6)::int
       WHERE d.request_hash = 'load' AND j.type = 'DEPOSIT' AND a.balance = 0 AND a.frozen = 0`;
      await tx.$executeRaw`ANALYZE load_funding`;
      await tx.$executeRaw`
      INSERT INTO ledger_entries (journal_id, account_id, currency, bucket, amount, balance_after, frozen_after)
      SELECT journal_id, account_id, currency, 'AVAILABLE'::"LedgerBucket", amount, amount, 0 FROM load_funding
      UNION ALL
      SELECT f.journal_id, c.id, f.currency, 'AVAILABLE'::"LedgerBucket", -f.amount,
             c.balance - sum(f.amount) OVER (PARTITION BY f.currency ORDER BY f.journal_id), 0
        FROM load_funding f JOIN accounts c ON c.currency = f.currency AND c.kind = 'CASH'`;
      await tx.$executeRaw`UPDATE accounts a SET balance = a.balance + f.amount FROM load_funding f WHERE a.id = f.account_id`;
      await tx.$executeRaw`
      UPDATE accounts c SET balance = c.balance - t.total
        FROM (SELECT currency, sum(amount) AS total FROM load_funding GROUP BY currency) t
       WHERE c.kind = 'CASH' AND c.currency = t.currency`;

      if (options.skus > 0) {
        await tx.$executeRaw`
        INSERT INTO users (email, name, password_hash, role) VALUES ('load-merchant@trade.test', 'Load Merchant', ${passwordHash}, 'MERCHANT')
        ON CONFLICT (email) DO NOTHING`;
        await tx.$executeRaw`
        INSERT INTO accounts (user_id, currency, kind) SELECT u.id, c.code, 'WALLET' FROM users u CROSS JOIN currencies c
         WHERE u.email = 'load-merchant@trade.test' ON CONFLICT DO NOTHING`;
        // Four SKUs per product, like a real catalogue (colour x size).
        const products = Math.ceil(options.skus / 4);
        await tx.$executeRaw`
        WITH m AS (SELECT id FROM users WHERE email = 'load-merchant@trade.test'),
        base AS (SELECT coalesce(max(id), 0) AS n FROM products)
        INSERT INTO products (merchant_id, title, description, status)
        SELECT m.id,
               (ARRAY['Classic','Modern','Organic','Vintage','Compact','Deluxe','Everyday','Travel'])[1 + g % 8] || ' ' ||
               (ARRAY['Mug','Lamp','Backpack','Jacket','Kettle','Notebook','Chair','Speaker','Scarf','Watch'])[1 + (g / 8) % 10] || ' #' || (base.n + g),
               'Load-test product ' || g, 'LISTED'
          FROM m, base, generate_series(1, ${products}::int) g`;
        await tx.$executeRaw`
        WITH m AS (SELECT id FROM users WHERE email = 'load-merchant@trade.test'),
        p AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM products WHERE merchant_id = (SELECT id FROM m) AND NOT EXISTS (SELECT 1 FROM skus s WHERE s.product_id = products.id))
        INSERT INTO skus (product_id, merchant_id, code, attributes, price, currency, stock)
        SELECT p.id, (SELECT id FROM m), 'L-' || p.id || '-' || v,
               jsonb_build_object('variant', v::text), (1 + (p.rn * 7 + v) % 500)::numeric, (ARRAY['USD','CNY','JPY'])[1 + p.rn % 3], ${stock}
          FROM p CROSS JOIN generate_series(1, 4) v`;
      }
    },
    { timeoutMs: 600_000, maxWaitMs: 10_000 },
  );
  return { members: options.members, skus: options.skus };
}
