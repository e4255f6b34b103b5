import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The job's Prometheus metrics, on a registry of its own (several jobs can live in one test process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "trade_job_" });
  return {
    registry,
    ordersExpired: new Counter({
      name: "trade_job_orders_expired_total",
      help: "UNPAID orders expired (both holds returned)",
      registers: [registry],
    }),
    ordersQuarantined: new Counter({
      name: "trade_job_orders_quarantined_total",
      help: "Due orders whose expiry failed for good, set aside (risk alert expiry_failed)",
      registers: [registry],
    }),
    tccDriven: new Counter({
      name: "trade_job_tcc_driven_total",
      help: "Unfinished global transactions driven by the recovery, by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    tccStuck: new Gauge({
      name: "trade_job_tcc_stuck",
      help: "Unfinished global transactions whose attempts piled up (last recovery run)",
      registers: [registry],
    }),
    accountsBackfilled: new Counter({
      name: "trade_job_accounts_backfilled_total",
      help: "Wallet accounts created by the currency backfill",
      registers: [registry],
    }),
    snapshotsWritten: new Counter({
      name: "trade_job_snapshots_written_total",
      help: "Balance snapshot rows written",
      labelNames: ["store"] as const,
      registers: [registry],
    }),
    alertsRaised: new Counter({
      name: "trade_job_alerts_raised_total",
      help: "Risk alerts newly raised",
      labelNames: ["rule", "severity"] as const,
      registers: [registry],
    }),
    usersFrozen: new Counter({
      name: "trade_job_users_frozen_total",
      help: "Users frozen automatically by a critical alert",
      registers: [registry],
    }),
    invariantViolations: new Gauge({
      name: "trade_job_invariant_violations",
      help: "Violations found by the last reconciliation",
      registers: [registry],
    }),
    taskRuns: new Counter({
      name: "trade_job_task_runs_total",
      help: "Task runs by outcome",
      labelNames: ["task", "outcome"] as const,
      registers: [registry],
    }),
    taskDuration: new Histogram({
      name: "trade_job_task_duration_seconds",
      help: "Task run duration",
      labelNames: ["task", "outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: "trade_job_task_last_success_timestamp_seconds",
      help: "Unix time of the last successful run per task",
      labelNames: ["task"] as const,
      registers: [registry],
    }),
  };
}

export type JobMetrics = ReturnType<typeof createMetrics>;
