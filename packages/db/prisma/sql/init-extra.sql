-- ---------------------------------------------------------------------------------------------
-- The last line of defence: invariants the database enforces whatever the application does.
-- Prisma's schema language cannot express these, so they live here (hand-written).
-- ---------------------------------------------------------------------------------------------

ALTER TABLE "currencies"
  ADD CONSTRAINT "currencies_code_format" CHECK ("code" ~ '^[A-Z]{3,8}$'),
  ADD CONSTRAINT "currencies_scale_range" CHECK ("scale" BETWEEN 0 AND 8);

ALTER TABLE "users"
  ADD CONSTRAINT "users_email_normalised" CHECK ("email" = lower(btrim("email")) AND length("email") BETWEEN 3 AND 254);

-- Wallets never go negative; the platform cash account is the counterpart of money entering and
-- leaving the system, so its balance is the negative of all money held by users.
ALTER TABLE "accounts"
  ADD CONSTRAINT "accounts_wallet_non_negative" CHECK ("kind" = 'CASH' OR ("balance" >= 0 AND "frozen" >= 0)),
  ADD CONSTRAINT "accounts_cash_never_frozen" CHECK ("kind" = 'WALLET' OR "frozen" = 0);

ALTER TABLE "ledger_entries"
  ADD CONSTRAINT "ledger_entries_amount_non_zero" CHECK ("amount" <> 0);

ALTER TABLE "skus"
  ADD CONSTRAINT "skus_stock_non_negative" CHECK ("stock" >= 0),
  ADD CONSTRAINT "skus_stock_locked_non_negative" CHECK ("stock_locked" >= 0),
  ADD CONSTRAINT "skus_sold_non_negative" CHECK ("sold" >= 0),
  ADD CONSTRAINT "skus_price_positive" CHECK ("price" > 0);

ALTER TABLE "orders"
  ADD CONSTRAINT "orders_total_positive" CHECK ("total" > 0),
  ADD CONSTRAINT "orders_status_times" CHECK (
    ("status" = 'PAID') = ("paid_at" IS NOT NULL)
    AND ("status" = 'CANCELLED') = ("cancelled_at" IS NOT NULL)
    AND ("status" = 'EXPIRED') = ("expired_at" IS NOT NULL)
  );

ALTER TABLE "order_items"
  ADD CONSTRAINT "order_items_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "order_items_unit_price_positive" CHECK ("unit_price" > 0);

ALTER TABLE "deposits" ADD CONSTRAINT "deposits_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_delta_non_zero" CHECK ("delta" <> 0);

-- Only one platform cash account per currency (owned by the SYSTEM user).
CREATE UNIQUE INDEX "accounts_one_cash_per_currency" ON "accounts" ("currency") WHERE "kind" = 'CASH';

-- Ledger is append-only: history is never edited, corrections are new journals.
CREATE FUNCTION trade_refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are append-only (% on %)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION trade_refuse_ledger_change();
CREATE TRIGGER "journals_append_only" BEFORE UPDATE OR DELETE ON "journals"
  FOR EACH ROW EXECUTE FUNCTION trade_refuse_ledger_change();
CREATE TRIGGER "ledger_entries_no_truncate" BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION trade_refuse_ledger_change();
CREATE TRIGGER "journals_no_truncate" BEFORE TRUNCATE ON "journals"
  FOR EACH STATEMENT EXECUTE FUNCTION trade_refuse_ledger_change();

-- Every journal balances: its entries sum to zero, in its own currency. Checked at COMMIT
-- (deferred), once per journal touched by the transaction.
CREATE FUNCTION trade_check_journal_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total numeric;
  bad_currency int;
BEGIN
  SELECT coalesce(sum(e."amount"), 0), count(*) FILTER (WHERE e."currency" <> j."currency")
    INTO total, bad_currency
    FROM "ledger_entries" e JOIN "journals" j ON j."id" = e."journal_id"
   WHERE e."journal_id" = NEW."journal_id";
  IF total <> 0 OR bad_currency > 0 THEN
    RAISE EXCEPTION 'journal % does not balance (sum %, foreign-currency lines %)', NEW."journal_id", total, bad_currency
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "ledger_entries_journal_balanced" AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION trade_check_journal_balanced();

-- The sweeper finds due UNPAID orders through this small index only.
CREATE INDEX "orders_unpaid_due" ON "orders" ("expires_at", "id") WHERE "status" = 'UNPAID';
