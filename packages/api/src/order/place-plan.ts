/**
 * Sent in the placement's transaction just before the placement statement: use the prepared
 * statement's generic plan, always. Without it PostgreSQL re-planned the statement at every
 * execution: after its first five runs the plan cache compares the generic plan's estimated cost
 * with the custom plans' and, because a generic `unnest($1::int[])` is estimated at 10 rows where
 * a custom plan sees the one SKU of the order, it kept choosing custom plans (on the bench's data;
 * on a smaller catalogue it chose the generic one), so "prepared" saved the parse only. Planning
 * this many CTEs costs several times their execution (docs/performance.md, "placement CPU per
 * order"). The plans do not differ where it matters: every table is reached by its primary or a
 * unique key, for any number of lines. SET LOCAL: for this transaction only, so no other
 * statement on the pooled connection is affected.
 */
export const PLACEMENT_PLAN_MODE = "SET LOCAL plan_cache_mode = force_generic_plan";
