-- AlterTable
ALTER TABLE "currencies" ADD COLUMN     "withdraw_threshold" DECIMAL(30,8);

-- Hand-written: a threshold is a positive amount (NULL: not set, every withdrawal waits).
ALTER TABLE "currencies" ADD CONSTRAINT "currencies_withdraw_threshold_positive"
  CHECK ("withdraw_threshold" IS NULL OR "withdraw_threshold" > 0);

-- Hand-written: the hold limits of order placement (docs/security.md, "Who may do what"), called
-- by the placement statement once the buyer's wallet account is locked and before any SKU lock.
-- Why a function: the placement is ONE statement, and a statement reads with the snapshot taken
-- when it started, so a count of the buyer's UNPAID orders inside it misses an order that a
-- concurrent placement committed while this one waited for the account lock: N concurrent
-- orders would each see the same old count and all pass. A VOLATILE PL/pgSQL function takes a
-- fresh snapshot for each query it runs (READ COMMITTED), so its count, taken after the locks,
-- sees every committed order. The per-buyer advisory lock serialises the buyer's placements in
-- different currencies too (they lock different wallet accounts); it is only ever taken here,
-- after the account and before the SKUs, so it cannot join a deadlock. Orders past their due
-- time still count until the expiry sweep releases them (they still hold the stock). A limit of 0
-- is no limit (the load benchmark's clients hold thousands of unpaid orders on purpose). The
-- count stops at the limit, so its cost is bounded by the limit, not by the buyer's history.
-- Returns NULL when within both limits, else the first limit hit:
-- {"skuId": null|id, "held": n, "limit": m} (skuId null: the open-orders limit).
CREATE FUNCTION placement_hold_refusal(buyer integer, sku_ids integer[], quantities integer[],
                                       max_open_orders integer, max_units_per_sku integer)
RETURNS json LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  open_orders bigint;
  refusal json;
BEGIN
  PERFORM pg_advisory_xact_lock(1416, buyer);
  IF max_open_orders > 0 THEN
    SELECT count(*) INTO open_orders
      FROM (SELECT 1 FROM orders WHERE buyer_id = buyer AND status = 'UNPAID' LIMIT max_open_orders) AS o;
    IF open_orders >= max_open_orders THEN
      RETURN json_build_object('skuId', NULL, 'held', open_orders, 'limit', max_open_orders);
    END IF;
  END IF;
  IF max_units_per_sku = 0 THEN
    RETURN NULL;
  END IF;
  SELECT json_build_object('skuId', w.id, 'held', coalesce(h.held, 0), 'limit', max_units_per_sku) INTO refusal
    FROM unnest(sku_ids, quantities) AS w(id, qty)
    LEFT JOIN (SELECT i.sku_id, sum(i.quantity) AS held
                 FROM orders o JOIN order_items i ON i.order_id = o.id
                WHERE o.buyer_id = buyer AND o.status = 'UNPAID' AND i.sku_id = ANY(sku_ids)
                GROUP BY i.sku_id) AS h ON h.sku_id = w.id
   WHERE coalesce(h.held, 0) + w.qty > max_units_per_sku
   ORDER BY w.id LIMIT 1;
  RETURN refusal;
END $$;
