-- AlterTable
ALTER TABLE "products" ADD COLUMN     "max_price" DECIMAL(30,8),
ADD COLUMN     "min_price" DECIMAL(30,8);

-- Hand-written: keep min_price / max_price equal to the product's LISTED SKUs, in the same
-- transaction as every SKU write. Stock updates (the hot path) do not fire these: the UPDATE
-- trigger is limited to the price, status and product_id columns.
UPDATE "products" p SET "min_price" = x.mn, "max_price" = x.mx
  FROM (SELECT product_id, min(price) AS mn, max(price) AS mx FROM "skus" WHERE status = 'LISTED' GROUP BY product_id) x
 WHERE x.product_id = p.id;

CREATE FUNCTION trade_refresh_product_prices(ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE products p SET min_price = x.mn, max_price = x.mx
    FROM (SELECT i.id,
                 (SELECT min(price) FROM skus s WHERE s.product_id = i.id AND s.status = 'LISTED') AS mn,
                 (SELECT max(price) FROM skus s WHERE s.product_id = i.id AND s.status = 'LISTED') AS mx
            FROM unnest(ids) AS i(id)) x
   WHERE p.id = x.id AND (p.min_price, p.max_price) IS DISTINCT FROM (x.mn, x.mx)
$$;

CREATE FUNCTION trade_skus_prices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM trade_refresh_product_prices(ARRAY(SELECT DISTINCT product_id FROM new_skus));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM trade_refresh_product_prices(ARRAY(SELECT DISTINCT product_id FROM old_skus));
  ELSE
    PERFORM trade_refresh_product_prices(ARRAY[OLD.product_id, NEW.product_id]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "skus_prices_insert" AFTER INSERT ON "skus" REFERENCING NEW TABLE AS new_skus
  FOR EACH STATEMENT EXECUTE FUNCTION trade_skus_prices_changed();
CREATE TRIGGER "skus_prices_delete" AFTER DELETE ON "skus" REFERENCING OLD TABLE AS old_skus
  FOR EACH STATEMENT EXECUTE FUNCTION trade_skus_prices_changed();
CREATE TRIGGER "skus_prices_update" AFTER UPDATE OF "price", "status", "product_id" ON "skus"
  FOR EACH ROW WHEN (OLD.price IS DISTINCT FROM NEW.price OR OLD.status IS DISTINCT FROM NEW.status OR OLD.product_id IS DISTINCT FROM NEW.product_id)
  EXECUTE FUNCTION trade_skus_prices_changed();

-- The catalogue's sort orders over listed products, each with the id as tie-breaker (keyset).
CREATE INDEX "products_listed_min_price_id" ON "products" ("min_price", "id") WHERE "status" = 'LISTED' AND "min_price" IS NOT NULL;
CREATE INDEX "products_listed_max_price_id" ON "products" ("max_price", "id") WHERE "status" = 'LISTED' AND "max_price" IS NOT NULL;
CREATE INDEX "products_listed_title_id" ON "products" (lower("title"), "id") WHERE "status" = 'LISTED';
