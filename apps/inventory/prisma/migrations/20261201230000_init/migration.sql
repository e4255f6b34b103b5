-- The inventory service's database (apps/inventory/prisma/schema.prisma).

-- CreateTable
CREATE TABLE "skus" (
    "id" INTEGER NOT NULL,
    "merchant_id" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "stock_locked" INTEGER NOT NULL DEFAULT 0,
    "sold" INTEGER NOT NULL DEFAULT 0,
    "flash_buckets" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sku_stock_buckets" (
    "sku_id" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "stock_locked" INTEGER NOT NULL DEFAULT 0,
    "sold" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sku_stock_buckets_pkey" PRIMARY KEY ("sku_id","bucket")
);

-- CreateTable
CREATE TABLE "stock_movements" (
    "id" SERIAL NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_holds" (
    "tx_id" TEXT NOT NULL,
    "sku_id" INTEGER NOT NULL,
    "bucket" INTEGER,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "stock_holds_pkey" PRIMARY KEY ("tx_id","sku_id")
);

-- CreateTable
CREATE TABLE "tcc_fences" (
    "tx_id" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tcc_fences_pkey" PRIMARY KEY ("tx_id","branch")
);

-- CreateIndex
CREATE INDEX "skus_merchant_id_idx" ON "skus"("merchant_id");

-- CreateIndex
CREATE INDEX "stock_movements_sku_id_id_idx" ON "stock_movements"("sku_id", "id");

-- CreateIndex
CREATE INDEX "stock_holds_sku_id_idx" ON "stock_holds"("sku_id");

-- AddForeignKey
ALTER TABLE "sku_stock_buckets" ADD CONSTRAINT "sku_stock_buckets_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "skus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "skus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_holds" ADD CONSTRAINT "stock_holds_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "skus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the same bounds as the order database's stock columns (migrations init,
-- order_limits, flash_stock_buckets), so a rule that holds there holds here.
ALTER TABLE "skus"
  ADD CONSTRAINT "skus_stock_non_negative" CHECK ("stock" >= 0),
  ADD CONSTRAINT "skus_stock_locked_non_negative" CHECK ("stock_locked" >= 0),
  ADD CONSTRAINT "skus_sold_non_negative" CHECK ("sold" >= 0),
  ADD CONSTRAINT "skus_units_within_limit" CHECK ("stock"::bigint + "stock_locked" + "sold" <= 1000000000),
  ADD CONSTRAINT "skus_flash_buckets_range" CHECK ("flash_buckets" BETWEEN 0 AND 64);
ALTER TABLE "sku_stock_buckets"
  ADD CONSTRAINT "sku_stock_buckets_stock_non_negative" CHECK ("stock" >= 0),
  ADD CONSTRAINT "sku_stock_buckets_stock_locked_non_negative" CHECK ("stock_locked" >= 0),
  ADD CONSTRAINT "sku_stock_buckets_sold_non_negative" CHECK ("sold" >= 0),
  ADD CONSTRAINT "sku_stock_buckets_bucket_non_negative" CHECK ("bucket" >= 0);
ALTER TABLE "stock_movements"
  ADD CONSTRAINT "stock_movements_delta_non_zero" CHECK ("delta" <> 0),
  ADD CONSTRAINT "stock_movements_delta_within_limit" CHECK ("delta" BETWEEN -1000000000 AND 1000000000);
ALTER TABLE "stock_holds"
  ADD CONSTRAINT "stock_holds_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "stock_holds_bucket_non_negative" CHECK ("bucket" >= 0);
ALTER TABLE "tcc_fences"
  ADD CONSTRAINT "tcc_fences_state" CHECK ("state" IN ('TRIED', 'CONFIRMED', 'CANCELLED')),
  ADD CONSTRAINT "tcc_fences_tx_id_format" CHECK ("tx_id" ~ '^[A-Za-z0-9:_-]{1,64}$');
