/**
 * Upper bounds on stock and quantities (docs/security.md, "Limits on money and stock"). The
 * database enforces the same numbers with CHECK constraints (migration `order_limits`); the
 * services check first so a caller gets a domain error, never a constraint violation as a 500.
 */

/**
 * Most units a SKU may ever hold: stock + stock_locked + sold. The three counters are int4 and
 * every step after a merchant's adjustment only moves units between them, so bounding the sum
 * (well below 2^31 - 1) means no hold, release or payment can overflow one of them.
 */
export const MAX_SKU_UNITS = 1_000_000_000;

/** Most units of one SKU in one order (all lines on that SKU added up) or in one cart line. */
export const MAX_LINE_QUANTITY = 10_000;
