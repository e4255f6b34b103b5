-- CreateTable
CREATE TABLE "global_transactions" (
    "id" TEXT NOT NULL,
    "order_id" INTEGER,
    "buyer_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "global_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "global_transactions_order_id_key" ON "global_transactions"("order_id");

-- AddForeignKey
ALTER TABLE "global_transactions" ADD CONSTRAINT "global_transactions_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "global_transactions" ADD CONSTRAINT "global_transactions_buyer_id_fkey" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the TCC coordinator log's states (docs/architecture.md#tcc), and the index the
-- job's recovery scans every second: only unfinished rows, so it stays small however many
-- global transactions have ended.
ALTER TABLE "global_transactions"
  ADD CONSTRAINT "global_transactions_state_check"
    CHECK ("state" IN ('TRYING', 'TRIED', 'CONFIRMING', 'CONFIRMED', 'CANCELLING', 'CANCELLED')),
  ADD CONSTRAINT "global_transactions_attempts_non_negative" CHECK ("attempts" >= 0),
  ADD CONSTRAINT "global_transactions_lines_array" CHECK (jsonb_typeof("lines") = 'array'),
  -- An order is written with its log row TRIED; before that there is no order.
  ADD CONSTRAINT "global_transactions_order_after_try" CHECK (("order_id" IS NULL) = ("state" = 'TRYING') OR "state" IN ('CANCELLING', 'CANCELLED'));
CREATE INDEX "global_transactions_unfinished_idx" ON "global_transactions" ("next_attempt_at")
  WHERE "state" IN ('TRYING', 'CONFIRMING', 'CANCELLING');
