import type { DbTx } from "@trade/db";

/** Merchants with at least one listed product (for the storefront's merchant filter). */
export function listMerchants(db: DbTx) {
  return db.user.findMany({
    where: { role: "MERCHANT", products: { some: { status: "LISTED" } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
