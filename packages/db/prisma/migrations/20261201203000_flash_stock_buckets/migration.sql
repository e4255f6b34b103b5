-- AlterTable
ALTER TABLE "order_items" ADD COLUMN     "bucket" INTEGER;

-- AlterTable
ALTER TABLE "skus" ADD COLUMN     "flash_buckets" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "sku_stock_buckets" (
    "sku_id" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "stock_locked" INTEGER NOT NULL DEFAULT 0,
    "sold" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sku_stock_buckets_pkey" PRIMARY KEY ("sku_id","bucket")
);

-- AddForeignKey
ALTER TABLE "sku_stock_buckets" ADD CONSTRAINT "sku_stock_buckets_sku_id_fkey" FOREIGN KEY ("sku_id") REFERENCES "skus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the same bounds as the SKU row's own figures. A bucket count of 0 is normal mode;
-- 64 is far past what one SKU's buyers can use at once (docs/performance.md, flash phase).
ALTER TABLE "sku_stock_buckets"
  ADD CONSTRAINT "sku_stock_buckets_stock_non_negative" CHECK ("stock" >= 0),
  ADD CONSTRAINT "sku_stock_buckets_stock_locked_non_negative" CHECK ("stock_locked" >= 0),
  ADD CONSTRAINT "sku_stock_buckets_sold_non_negative" CHECK ("sold" >= 0),
  ADD CONSTRAINT "sku_stock_buckets_bucket_non_negative" CHECK ("bucket" >= 0);
ALTER TABLE "skus" ADD CONSTRAINT "skus_flash_buckets_range" CHECK ("flash_buckets" BETWEEN 0 AND 64);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_bucket_non_negative" CHECK ("bucket" >= 0);
