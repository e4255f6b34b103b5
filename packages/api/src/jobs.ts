// The services the job app (apps/job) runs: the same code paths as the API, no second copy of
// the money logic. Each takes the database (and Redis where it writes there) as arguments.
export { expireDueOrders, type ExpireBatch, type ExpireOptions, type ExpireResult } from "./ops/expire-orders.ts";
export { isPoisonFailure } from "./order/expiry-quarantine.ts";
export {
  backfillCurrencyAccounts,
  currenciesMissingAccounts,
  type BackfillBatch,
  type BackfillOptions,
  type BackfillResult,
} from "./ops/backfill.ts";
export type { BatchControl } from "./ops/batch-control.ts";
export {
  snapshotBalances,
  pushSnapshotsToRedis,
  renderSnapshot,
  snapshotDay,
  snapshotKey,
  type SnapshotBatch,
  type SnapshotOptions,
  type SnapshotResult,
} from "./risk/snapshot.ts";
export { reconcile, type ReconcileResult } from "./risk/reconcile.ts";
export {
  raiseAllWithPolicy,
  raiseWithPolicy,
  type AlertPolicy,
  type RaisedAlert,
  type RaisedAlerts,
} from "./risk/alert-policy.ts";
export {
  runRiskRules,
  balanceDriftRule,
  cancellationsRule,
  failedLoginsRule,
  orderVelocityRule,
  withdrawalsRule,
  DEFAULT_RISK_RULES,
  type RiskRulesConfig,
  type RuleOutcome,
  type RulesRun,
} from "./risk/rules/index.ts";
export {
  checkInvariants,
  type InvariantViolation,
  type RawSqlClient,
  type RemoteStockCheck,
} from "./risk/invariants.ts";
export { createRedis, tryRedis } from "./infra/redis.ts";
export { inventoryFromEnv } from "./coordinator/from-env.ts";
export { guardInventory, type GuardedInventory } from "./coordinator/breaker.ts";
export { configureCoordinator, coordinatorSettings, type CoordinatorSettings } from "./coordinator/settings.ts";
export { recoverGlobalTransactions, type RecoveryOptions, type RecoveryResult } from "./coordinator/recovery.ts";
export { configureTx } from "./infra/tx.ts";
export type { Deps } from "./infra/deps.ts";
