/**
 * Sent in the placement's transaction just before the placement statement (one round trip,
 * both settings for this transaction only, so no other statement on the pooled connection is
 * affected):
 *
 * - `plan_cache_mode = force_generic_plan`: use the prepared statement's generic plan, always.
 *   Without it PostgreSQL re-planned the statement at every execution: after its first five runs
 *   the plan cache compares the generic plan's estimated cost with the custom plans' and, because
 *   a generic `unnest($1::int[])` is estimated at 10 rows where a custom plan sees the one SKU of
 *   the order, it kept choosing custom plans (on the bench's data; on a smaller catalogue it chose
 *   the generic one), so "prepared" saved the parse only. Planning this many CTEs costs several
 *   times their execution (docs/performance.md, "placement CPU per order").
 * - `enable_seqscan = off`: the generic plan is made once per connection, at its first
 *   placement, from the statistics of that moment, and kept until something invalidates it. Made
 *   while `orders` was empty or small (a new shop; the bench right after its seed), it read the
 *   idempotency key with a sequential scan of `orders`, and every later placement on that
 *   connection scanned the whole, growing table: the bench's app placements slowed from 226 to
 *   109 orders/s within minutes while fresh raw connections (planned later, with index scans)
 *   did not (docs/performance.md, "The stale generic plan"). Every table this statement and
 *   `placement_hold_refusal` read is reached by its primary or a unique key, or an index on the
 *   buyer, for any number of lines, so a sequential scan is never the right plan here, whatever
 *   the statistics say; PostgreSQL still uses one where no index applies.
 */
export const PLACEMENT_PLAN_MODE =
  "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true)";
