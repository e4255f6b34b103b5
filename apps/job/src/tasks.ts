import {
  backfillCurrencyAccounts,
  expireDueOrders,
  pushSnapshotsToRedis,
  reconcile,
  recoverGlobalTransactions,
  runRiskRules,
  snapshotBalances,
  snapshotDay,
  type AlertPolicy,
} from "@trade/api/jobs";
import type { JobContext } from "./context.ts";
import { riskRulesConfig } from "./env.ts";
import { remoteStockCheck } from "./inventory-check.ts";

export const TASK_NAMES = ["expire", "backfill", "snapshot", "reconcile", "rules", "recover"] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export interface TaskSpec {
  name: TaskName;
  intervalMs: number;
  /** Run by one instance at a time, under a PostgreSQL advisory lock. */
  singleton: boolean;
  /** Does the work; returns the summary logged with the task's completion line. */
  run(signal: AbortSignal): Promise<Record<string, unknown>>;
  /** A run that found nothing to do; frequent tasks log those at debug level only. */
  isIdle?(summary: Record<string, unknown>): boolean;
}

/**
 * The job's tasks. Expiry and backfill are safe to run in every instance at once (SKIP LOCKED /
 * ON CONFLICT); snapshot, reconciliation and rules are singletons. Each batch logs one line.
 * With the remote inventory (INVENTORY_URL), `recover` drives the TCC coordinator log's
 * unfinished global transactions to their end, on every instance at once (SKIP LOCKED claims).
 */
export function createTasks(ctx: JobContext): TaskSpec[] {
  const { env, deps, log, metrics, inventoryDb } = ctx;
  const policy: AlertPolicy = { autoFreeze: env.RISK_AUTO_FREEZE };
  const rules = riskRulesConfig(env);
  if (deps.inventory?.kind === "remote" && !inventoryDb)
    log.warn(
      { task: "reconcile" },
      "remote inventory without INVENTORY_DATABASE_URL: the reconciliation checks money only, not stock",
    );
  // A day whose snapshot reached PostgreSQL but not Redis (down at the time): pushed once it is back.
  let redisPendingDay: string | null = null;

  const countAlert = (rule: string, severity: string, raised: number, frozen: number[]) => {
    if (raised > 0) metrics.alertsRaised.inc({ rule, severity }, raised);
    if (frozen.length > 0) {
      metrics.usersFrozen.inc(frozen.length);
      log.warn({ task: rule, frozenUserIds: frozen }, "users frozen automatically by a critical alert");
    }
  };

  const tasks: TaskSpec[] = [
    {
      name: "expire",
      isIdle: (summary) => summary.expired === 0,
      intervalMs: env.EXPIRE_INTERVAL_MS,
      singleton: false,
      async run(signal) {
        const result = await expireDueOrders(deps, {
          batchSize: env.EXPIRE_BATCH_SIZE,
          concurrency: env.EXPIRE_CONCURRENCY,
          signal,
          onBatch(batch) {
            metrics.ordersExpired.inc(batch.expired);
            metrics.ordersQuarantined.inc(batch.quarantinedIds.length);
            if (batch.quarantinedIds.length > 0)
              log.error(
                { task: "expire", quarantinedOrderIds: batch.quarantinedIds },
                "due orders could not be expired: set aside with a critical risk alert (expiry_failed)",
              );
            log.info(
              { task: "expire", expired: batch.expired, orderIds: batch.orderIds.slice(0, 50), ms: batch.ms },
              "expired due orders",
            );
          },
        });
        return { expired: result.expired, quarantined: result.quarantined, batches: result.batches };
      },
    },
    {
      name: "backfill",
      isIdle: (summary) => summary.accountsCreated === 0,
      intervalMs: env.BACKFILL_INTERVAL_MS,
      singleton: false,
      async run(signal) {
        const result = await backfillCurrencyAccounts(deps.db, {
          redis: deps.redis,
          batchSize: env.BACKFILL_BATCH_SIZE,
          signal,
          onBatch(batch) {
            metrics.accountsBackfilled.inc(batch.created);
            log.info({ task: "backfill", ...batch }, "backfilled currency accounts");
          },
        });
        return {
          currencies: result.currencies,
          batches: result.batches,
          usersScanned: result.usersScanned,
          accountsCreated: result.accountsCreated,
          complete: result.complete,
        };
      },
    },
    {
      name: "snapshot",
      intervalMs: env.SNAPSHOT_INTERVAL_MS,
      singleton: true,
      async run(signal) {
        const day = snapshotDay();
        let redisRepaired = 0;
        if (redisPendingDay && deps.redis?.status === "ready") {
          redisRepaired = await pushSnapshotsToRedis(deps, {
            day: redisPendingDay,
            batchSize: env.SNAPSHOT_BATCH_SIZE,
            signal,
          });
          log.info(
            { task: "snapshot", day: redisPendingDay, redisWritten: redisRepaired },
            "snapshot copied to Redis after an outage",
          );
          metrics.snapshotsWritten.inc({ store: "redis" }, redisRepaired);
          redisPendingDay = null;
        }
        const result = await snapshotBalances(deps, {
          day,
          batchSize: env.SNAPSHOT_BATCH_SIZE,
          signal,
          onBatch(batch) {
            metrics.snapshotsWritten.inc({ store: "postgres" }, batch.inserted);
            metrics.snapshotsWritten.inc({ store: "redis" }, batch.redisWritten);
            log.info({ task: "snapshot", ...batch }, "balance snapshot batch");
          },
        });
        if (result.redisMissed > 0 && deps.redis) {
          redisPendingDay = day;
          log.warn(
            { task: "snapshot", day, redisMissed: result.redisMissed },
            "Redis unavailable: snapshot stored in PostgreSQL only for now",
          );
        }
        return {
          day,
          members: result.members,
          inserted: result.inserted,
          redisWritten: result.redisWritten,
          redisMissed: result.redisMissed,
          redisRepaired,
          batches: result.batches,
          complete: result.complete,
        };
      },
    },
    {
      name: "reconcile",
      intervalMs: env.RECONCILE_INTERVAL_MS,
      singleton: true,
      async run() {
        // Remote inventory mode: the stock lives in the inventory's database. With it configured,
        // its invariants and its held units against the open orders; without, no stock check
        // (the order database's zeroed stock columns would report every UNPAID order).
        const remote = deps.inventory?.kind === "remote";
        const result = await reconcile(
          deps.db,
          policy,
          remote && inventoryDb ? { remote: remoteStockCheck(inventoryDb) } : { stockUnchecked: remote },
        );
        metrics.invariantViolations.set(result.violations.length);
        countAlert("reconciliation", "CRITICAL", result.raised, result.frozenUserIds);
        for (const v of result.violations.slice(0, 100)) log.error({ task: "reconcile", ...v }, "invariant violated");
        return {
          violations: result.violations.length,
          raised: result.raised,
          frozen: result.frozenUserIds.length,
          checkMs: result.ms,
          stock: !remote ? "order database" : inventoryDb ? "inventory database" : "unchecked",
        };
      },
    },
    {
      name: "rules",
      intervalMs: env.RULES_INTERVAL_MS,
      singleton: true,
      async run() {
        const result = await runRiskRules(deps.db, rules, policy);
        const summary: Record<string, unknown> = {};
        for (const o of result.outcomes) {
          countAlert(o.rule, o.rule === "balance_drift" ? "CRITICAL" : "WARNING", o.raised, o.frozenUserIds);
          summary[o.rule] = { findings: o.findings, raised: o.raised };
        }
        for (const e of result.errors) log.error({ task: "rules", rule: e.rule, err: e.error }, "risk rule failed");
        if (result.errors.length > 0)
          throw new Error(`risk rules failed: ${result.errors.map((e) => e.rule).join(", ")}`);
        return summary;
      },
    },
  ];
  const inventory = deps.inventory;
  if (inventory?.kind === "remote")
    tasks.push({
      name: "recover",
      isIdle: (summary) => summary.confirmed === 0 && summary.cancelled === 0 && summary.failed === 0,
      intervalMs: env.RECOVER_INTERVAL_MS,
      singleton: false,
      async run(signal) {
        const result = await recoverGlobalTransactions(deps.db, inventory, {
          batchSize: env.RECOVER_BATCH_SIZE,
          stuckAttempts: env.RECOVER_ALERT_ATTEMPTS,
          signal,
        });
        metrics.tccDriven.inc({ outcome: "confirmed" }, result.confirmed);
        metrics.tccDriven.inc({ outcome: "cancelled" }, result.cancelled);
        metrics.tccDriven.inc({ outcome: "failed" }, result.failed);
        metrics.tccStuck.set(result.stuck.length);
        // A participant that keeps failing (down for long) or refusing (a broken invariant):
        // an operator's problem, said once per run until it is resolved.
        if (result.stuck.length > 0)
          log.error({ task: "recover", stuck: result.stuck }, "global transactions keep failing to finish");
        if (result.confirmed + result.cancelled + result.failed > 0)
          log.info({ task: "recover", ...result, stuck: result.stuck.length }, "drove unfinished global transactions");
        return {
          abandoned: result.abandoned,
          confirmed: result.confirmed,
          cancelled: result.cancelled,
          failed: result.failed,
          stuck: result.stuck.length,
        };
      },
    });
  return tasks;
}
