/**
 * The `split` phase (issue 16): place + pay on spread SKUs, in-process (stock in the order
 * database, today's single-machine mode) against split (stock in the inventory service, on its
 * own database, through TCC), in the same run, in alternating turns; then the recovery after a
 * fault: the inventory service SIGKILLed under split load and restarted, timed until orders are
 * accepted again and until every global transaction it left open is final.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { dropDatabase, ensureDatabase, withDatabaseName } from "@trade/db/migrations";
import { childEnv } from "../lib/child-env.ts";
import { info, warn } from "../lib/log.ts";
import { repoRoot } from "../lib/paths.ts";
import { freePort } from "../lib/ports.ts";
import { spawnManaged, type ManagedProcess } from "../lib/processes.ts";
import { withClient } from "./database.ts";
import { trpcMutation } from "./http-load.ts";
import { runPlacePayLoad } from "./place-pay.ts";
import type { PhaseResult } from "./stats.ts";
import { startWeb, type WebServer } from "./web.ts";
import { placeBody, type BenchSku } from "./workload.ts";

export interface SplitInput {
  adminUrl: string;
  orderDbUrl: string;
  orderDbName: string;
  inProcess: WebServer;
  webEnv: NodeJS.ProcessEnv;
  tokens: string[];
  appMembers: string[];
  spread: BenchSku[];
  duration: number;
  /** Whether the in-process web already ran order phases (else it is warmed up here too). */
  warm: boolean;
  key: (prefix: string, member: number) => string;
}

export interface SplitRecovery {
  /** From the SIGKILL until the restarted service answered /health. */
  downS: number;
  /** From the restart's /health until the first order placed and paid again. */
  acceptingS: number | null;
  /** From the restart's /health until no global transaction begun before it was mid-way. */
  finalS: number | null;
}

export interface SplitResult {
  phases: PhaseResult[];
  inProcess: number;
  split: number;
  recovery: SplitRecovery | null;
}

const INVENTORY_MAIN = path.join(repoRoot, "apps/inventory/src/main.ts");
const WARM_UP_SECONDS = 5;
/** The recovery load's longest run; it stops once both recovery figures are in. */
const RECOVERY_LOAD_LIMIT_S = 90;
/** How long after the restart the recovery figures are waited for. */
const RECOVERY_WAIT_MS = 30_000;

export async function runSplitPhases(input: SplitInput): Promise<SplitResult | null> {
  if (!existsSync(INVENTORY_MAIN)) {
    warn("split: apps/inventory is not in this checkout; phase skipped");
    return null;
  }
  const token = randomBytes(32).toString("base64url");
  const inventoryDb = `${input.orderDbName}_inventory`;
  const inventoryDbUrl = withDatabaseName(input.adminUrl, inventoryDb);
  await ensureDatabase(inventoryDbUrl);
  const port = await freePort();
  const inventoryUrl = `http://127.0.0.1:${port}`;
  const inventoryEnv = {
    ...childEnv(),
    NODE_ENV: "production",
    INVENTORY_DATABASE_URL: inventoryDbUrl,
    INVENTORY_PORT: String(port),
    SERVICE_TOKEN: token,
    LOG_LEVEL: "warn",
  };
  const startInventory = () =>
    spawnManaged("inventory", process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: path.dirname(path.dirname(INVENTORY_MAIN)),
      env: inventoryEnv,
    });
  let inventory: ManagedProcess = startInventory();
  let job: ManagedProcess | null = null;
  let split: WebServer | null = null;
  try {
    await waitForHealth(inventoryUrl, 120_000);
    await importStock(input.orderDbUrl, inventoryUrl, token, input.spread);
    const remoteEnv = { INVENTORY_URL: inventoryUrl, SERVICE_TOKEN: token };
    // The job's recovery task finishes what a fault leaves open (the recovery figure needs it).
    job = spawnManaged("job", process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: path.join(repoRoot, "apps/job"),
      env: { ...childEnv(), ...input.webEnv, ...remoteEnv, JOB_HTTP_PORT: String(await freePort()), LOG_LEVEL: "warn" },
    });
    const splitWeb = await startWeb({ ...input.webEnv, ...remoteEnv });
    split = splitWeb;

    const sku = () => input.spread[Math.floor(Math.random() * input.spread.length)] ?? input.spread[0];
    const load = (
      web: WebServer,
      name: string,
      seconds: number,
      prefix: string,
      onOk?: (at: number) => void,
      stop?: Promise<unknown>,
    ) =>
      runPlacePayLoad({
        name,
        baseUrl: web.url,
        tokens: input.tokens,
        duration: seconds,
        placeBody: (m) => {
          const s = sku();
          if (!s) throw new Error("no spread SKUs");
          return placeBody(s, input.key(prefix, m));
        },
        ...(onOk ? { onOk } : {}),
        ...(stop ? { stop } : {}),
      });
    await load(splitWeb, "warm-up", WARM_UP_SECONDS, "sw");
    if (!input.warm) await load(input.inProcess, "warm-up", WARM_UP_SECONDS, "iw");

    // Two turns each, alternating which goes first (a drift of the machine hits both sides).
    const phases: PhaseResult[] = [];
    const sums = { inProcess: 0, split: 0 };
    for (let turn = 1; turn <= 2; turn++) {
      const sides = [
        async () => {
          const r = await load(input.inProcess, `place+pay spread, in-process (${turn})`, input.duration, "ip");
          sums.inProcess += r.okThroughput / 2;
          return r;
        },
        async () => {
          const r = await load(splitWeb, `place+pay spread, split (${turn})`, input.duration, "sp");
          sums.split += r.okThroughput / 2;
          return r;
        },
      ];
      for (const side of turn % 2 === 1 ? sides : sides.reverse()) {
        const result = await side();
        phases.push(result);
        info(
          `${result.name}: ${result.okThroughput.toFixed(0)} orders placed and paid/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
        );
      }
    }

    const recovery = await measureRecovery(
      (onOk, stop) => load(splitWeb, "split recovery (not measured)", RECOVERY_LOAD_LIMIT_S, "sr", onOk, stop),
      async () => {
        process.kill(-inventory.pid, "SIGKILL");
        await inventory.exited;
        await sleep(2_000);
        inventory = startInventory();
        await waitForHealth(inventoryUrl, 60_000);
      },
      input.orderDbUrl,
    );
    await settleLeftovers(input, splitWeb.url);
    return { phases, inProcess: sums.inProcess, split: sums.split, recovery };
  } finally {
    await split?.stop();
    await job?.stop();
    await inventory.stop();
    await dropDatabase(input.adminUrl, inventoryDb).catch(() => undefined);
  }
}

/** Kills and restarts the inventory 4 s into a split load; times the way back. */
async function measureRecovery(
  load: (onOk: (at: number) => void, stop: Promise<unknown>) => Promise<PhaseResult>,
  killAndRestart: () => Promise<void>,
  orderDbUrl: string,
): Promise<SplitRecovery> {
  let backAt: number | null = null;
  let firstOkAfter: number | null = null;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  let firstOk: () => void = () => undefined;
  const accepting = new Promise<void>((resolve) => (firstOk = resolve));
  const running = load((at) => {
    if (backAt !== null && firstOkAfter === null && at >= backAt) {
      firstOkAfter = at;
      firstOk();
    }
  }, settled);
  await sleep(4_000);
  const killedAt = performance.now();
  await killAndRestart();
  const back = performance.now();
  backAt = back;
  const backEpoch = Date.now();
  let finalS: number | null = null;
  for (let waited = 0; waited < RECOVERY_WAIT_MS; waited += 250) {
    const open = await withClient(orderDbUrl, async (c) =>
      Number(
        (
          await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM global_transactions
              WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING') AND created_at <= to_timestamp($1 / 1000.0)`,
            [backEpoch],
          )
        ).rows[0]?.n,
      ),
    );
    if (open === 0) {
      finalS = (performance.now() - back) / 1000;
      break;
    }
    await sleep(250);
  }
  await Promise.race([accepting, sleep(Math.max(0, RECOVERY_WAIT_MS - (performance.now() - back)))]);
  settle();
  await running;
  const first: number | null = firstOkAfter;
  return {
    downS: (back - killedAt) / 1000,
    acceptingS: first === null ? null : (first - back) / 1000,
    finalS,
  };
}

/** The spread SKUs' current stock, handed to the inventory service (as the cluster's handover). */
async function importStock(orderDbUrl: string, inventoryUrl: string, token: string, spread: BenchSku[]) {
  const rows = await withClient(
    orderDbUrl,
    async (c) =>
      (
        await c.query<{ skuId: number; merchantId: number; stock: number }>(
          `SELECT id AS "skuId", merchant_id AS "merchantId", stock FROM skus WHERE id = ANY($1) ORDER BY id`,
          [spread.map((s) => s.id)],
        )
      ).rows,
  );
  for (let i = 0; i < rows.length; i += 1000) {
    const response = await fetch(`${inventoryUrl}/stock/import`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ skus: rows.slice(i, i + 1000) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`split: /stock/import answered ${response.status}: ${text.slice(0, 300)}`);
  }
  info(`split: ${rows.length} spread SKUs' stock imported into the inventory service`);
}

/**
 * Pays the split orders a fault left UNPAID (their stock is held in the inventory, not in the
 * order database), through the split server, so the order database's checks stay exact. A pay
 * refused now (the breaker still open after the restart, a lock timeout) is retried; one that
 * still fails is reported with its answer, and its order shows up in the checks.
 */
async function settleLeftovers(input: SplitInput, splitUrl: string): Promise<void> {
  const index = new Map(input.appMembers.map((email, i) => [email, i]));
  let paid = 0;
  let failures: string[] = [];
  for (let round = 0; round < 5; round++) {
    const rows = await withClient(
      input.orderDbUrl,
      async (c) =>
        (
          await c.query<{ email: string; id: number }>(
            `SELECT u.email, o.id FROM orders o JOIN users u ON u.id = o.buyer_id
              WHERE o.status = 'UNPAID' AND EXISTS (SELECT 1 FROM global_transactions g WHERE g.order_id = o.id)`,
          )
        ).rows,
    );
    if (rows.length === 0) break;
    failures = [];
    for (const row of rows) {
      const token = input.tokens[index.get(row.email) ?? -1];
      if (!token) {
        failures.push(`order ${row.id}: no token for ${row.email}`);
        continue;
      }
      try {
        await trpcMutation(splitUrl, "order.pay", { orderId: row.id }, token);
        paid++;
      } catch (error) {
        failures.push(`order ${row.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length === 0) break;
    await sleep(1_000 * (round + 1));
  }
  if (paid > 0) info(`split: paid ${paid} order(s) the fault left unpaid`);
  for (const failure of failures.slice(0, 10)) warn(`split: a leftover order could not be paid: ${failure}`);
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/health did not answer 200 within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
