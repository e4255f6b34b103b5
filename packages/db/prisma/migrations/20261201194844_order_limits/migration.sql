-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "expiry_quarantined_at" TIMESTAMPTZ(3);

-- Hand-written (Prisma cannot express CHECK constraints): upper bounds on the stock counters and
-- quantities, so that no legal sequence of calls can overflow a later step. The three stock
-- counters are int4 and every step after the merchant's adjustment only moves units between them
-- (hold: stock -> stock_locked, pay: stock_locked -> sold, release: stock_locked -> stock), so
-- bounding their SUM bounds every counter at every step: a release can no longer overflow `stock`
-- (which left the order uncancellable and stopped the expiry sweep). 10^9 leaves int4 (2^31 - 1)
-- headroom; the sum is taken in bigint so the check itself cannot overflow. The services refuse
-- the same bounds first with a domain error (STOCK_LIMIT, QUANTITY_LIMIT); see docs/security.md.
ALTER TABLE "skus"
  ADD CONSTRAINT "skus_units_within_limit" CHECK ("stock"::bigint + "stock_locked" + "sold" <= 1000000000);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_quantity_within_limit" CHECK ("quantity" <= 10000);
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_quantity_within_limit" CHECK ("quantity" <= 10000);
ALTER TABLE "stock_movements"
  ADD CONSTRAINT "stock_movements_delta_within_limit" CHECK ("delta" BETWEEN -1000000000 AND 1000000000);

-- The expiry sweep skips quarantined orders; they are few, so the due-order index stays as it is
-- and the sweep filters them out.
