/**
 * `npm run bench`: throughput and latency of the trade core over HTTP against the production
 * build, next to the limit of the same SQL issued directly, on a fresh database with 100,000
 * members and 100,000 listed SKUs. Prints a table and rewrites the results block of
 * docs/performance.md. Not part of `npm test`. `npm run bench -- --help` for the options.
 *
 * Phases (each --duration seconds, --connections clients, one member per client):
 *   place hot SKU  order.place on one SKU (stock raised so it never sells out)
 *   raw hot SKU    the service's statements for one order, directly over pg, same concurrency
 *   place spread   order.place on SKUs drawn from --spread-skus random SKUs
 *   raw spread     the same statements on the same SKUs
 *   place flash    order.place on the hot SKU in flash-sale mode, once per --buckets count
 *   (request)      raw spread with the request's bearer-token lookup too
 *   (client)       Node CPU of one placement transaction, Prisma runTx vs node-postgres
 *   sold-out       order.place on a SKU with no stock (every order refused: the flood after a sale)
 *   pay            order.pay on the orders placed above
 *   catalog ...    catalog.list first page, a search, a deep keyset page, price-sorted pages
 *   split          place + pay on spread SKUs, in-process vs the inventory service (issue 16),
 *                  alternating, then the recovery after the service is killed (bench/split.ts)
 *   gateway        place spread through the cluster's nginx vs direct, alternating (issue 15,
 *                  bench/gateway.ts)
 *   replica        place spread on the cluster's primary + synchronous replica vs the single
 *                  server, alternating, and the replica's lag meanwhile (issue 15, bench/replica.ts)
 * then the invariant check, the oversell check and the error-code check.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { createDb } from "@trade/db";
import { adjustStock } from "../packages/api/src/inventory/adjust.ts";
import { issueApiToken } from "../packages/api/src/member/tokens.ts";
import { snapshotStock, verifyAfterLoad, type CheckResult } from "./bench/checks.ts";
import { measureClientCost, type ClientCost } from "./bench/client-cost.ts";
import { CpuSampler, formatCpu } from "./bench/cpu.ts";
import { flashPhaseName, runFlashPhases } from "./bench/flash.ts";
import { runGatewayPhase, type GatewayResult } from "./bench/gateway.ts";
import { backendPids, createBenchDatabase, findServer, serverFacts, withClient } from "./bench/database.ts";
import { issueTokens, runAnonymousLoad, runMemberLoad, trpcQuery } from "./bench/http-load.ts";
import { parseOptions, type BenchOptions } from "./bench/options.ts";
import { runRawLoad } from "./bench/raw.ts";
import { printReport, SPLIT_RATIO, verdicts, writeResults, type BenchReport } from "./bench/report.ts";
import { clusterVerdicts } from "./bench/report-cluster.ts";
import { replicaInfo, replicaPreflight, runReplicaPhase, type ReplicaResult } from "./bench/replica.ts";
import { runSplitPhases, type SplitResult } from "./bench/split.ts";
import type { PhaseResult } from "./bench/stats.ts";
import { buildWeb, startWeb, type WebServer } from "./bench/web.ts";
import {
  HOT_STOCK_ADDED,
  LOAD_PASSWORD,
  loadWorkload,
  placeBody,
  rawPlace,
  rawPlaceAsRequest,
  type BenchSku,
  type Workload,
} from "./bench/workload.ts";
import { ensureRedis } from "./lib/infra.ts";
import { fail, info, seconds, warn } from "./lib/log.ts";
import { repoRoot } from "./lib/paths.ts";
import { installShutdownHandlers, onShutdown, shutdown } from "./lib/shutdown.ts";

/** Unmeasured order load before the first order phase: JIT, pool connections, prepared statements, caches. */
const WARM_UP_SECONDS = 10;
const DOC = path.join(repoRoot, "docs/performance.md");

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });
  const startedAt = performance.now();
  if (options.phases.has("replica")) {
    // Before anything is built or loaded: a taken port refuses the run here (it throws).
    const reason = await replicaPreflight();
    if (reason) {
      warn(`replica: ${reason}; phase skipped`);
      options.phases.delete("replica");
    }
  }
  const http = [...options.phases].some((p) => p !== "raw" && p !== "request" && p !== "client");

  if (http) await buildWeb({ force: options.rebuild });

  const server = await findServer();
  onShutdown("PostgreSQL", () => server.stop());
  info(`PostgreSQL: ${server.source}`);
  const database = await createBenchDatabase(server, options);
  onShutdown("bench database", async () => {
    if (options.keepDatabase) info(`kept the bench database ${database.name} (--keep-db)`);
    else await database.drop();
  });
  const facts = await serverFacts(database.url);

  const workload = await loadWorkload(database.url, options);
  await prepareStock(database.url, workload);
  await snapshotStock(database.url);

  let web: WebServer | null = null;
  let webEnv: NodeJS.ProcessEnv = {};
  let tokens: string[] = [];
  if (http) {
    const redis = await ensureRedis();
    if (redis) onShutdown("Redis", () => redis.stop());
    webEnv = {
      DATABASE_URL: database.url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ...(redis ? { REDIS_URL: redis.url } : {}),
      // The bench logs 64 members in from one IP; the default (60/min) would refuse most.
      LOGIN_MAX_ATTEMPTS_PER_IP: "100000",
      // Orders placed early must still be payable when the pay phase reaches them.
      ORDER_TTL_SECONDS: "7200",
      // Each load client is one member placing thousands of unpaid orders: not a hostage-taker.
      // No hold limits (0): with them on, the check would count those thousands on every order,
      // a cost production (at most the limit, 20) never pays; docs/database.md has its cost there.
      HOLD_MAX_OPEN_ORDERS: "0",
      HOLD_MAX_UNITS_PER_SKU: "0",
      ...(options.poolSize !== undefined ? { DB_POOL_SIZE: String(options.poolSize) } : {}),
      ...(options.workers !== undefined ? { WEB_CONCURRENCY: String(options.workers) } : {}),
      // Behind the gateway phase's nginx, as behind the cluster's: X-Forwarded-For is honoured
      // only from it (a direct request has none; the client is the socket's peer either way).
      ...(options.phases.has("gateway") ? { TRUSTED_PROXIES: "127.0.0.1/32" } : {}),
    };
    web = await startWeb(
      webEnv,
      options.profileWeb ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(options.profileWeb)}`] : [],
    );
    const tokenStart = performance.now();
    tokens = await issueTokens(web.url, workload.appMembers, LOAD_PASSWORD);
    info(`issued ${tokens.length} bearer tokens over HTTP (auth.issueToken) in ${seconds(tokenStart)}`);
  }

  const samplerFor = (server: WebServer | null) => () =>
    new CpuSampler({
      appGroup: server?.process.pid ?? null,
      pgBackends: () => backendPids(database.url, database.name),
    });
  const sampler = samplerFor(web);
  const phases: PhaseResult[] = [];
  const record = (result: PhaseResult) => {
    phases.push(result);
    info(
      `${result.name}: ${result.throughput.toFixed(0)} req/s (${result.okThroughput.toFixed(0)} 2xx/s), p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms; CPU cores: ${formatCpu(result.cpu)}`,
    );
  };

  let keyCounter = 0;
  // Idempotency keys are 8-100 characters of [A-Za-z0-9_-:.].
  const key = (prefix: string, member: number) => `bench-${prefix}-${member}-${(keyCounter++).toString(36)}`;
  const spreadSku = () => workload.spread[Math.floor(Math.random() * workload.spread.length)] ?? workload.hot;
  // order.place over HTTP by the members / the same placement directly over pg, each order on
  // `sku()` under a fresh idempotency key whose prefix names the phase.
  const placeLoad = (
    server: Pick<WebServer, "url">,
    name: string,
    duration: number,
    sku: () => BenchSku,
    prefix: string,
    cpu?: CpuSampler,
  ) =>
    runMemberLoad({
      name,
      baseUrl: server.url,
      tokens,
      path: "/api/trpc/order.place",
      duration,
      body: (m) => placeBody(sku(), key(prefix, m)),
      ...(cpu ? { cpu } : {}),
    });
  const rawPlaceLoad = (name: string, duration: number, sku: () => BenchSku, prefix: string, cpu?: CpuSampler) =>
    runRawLoad({
      name,
      url: database.url,
      connections: options.connections,
      duration,
      op: (c, w) => rawPlace(c, rawMember(workload, w), sku(), key(prefix, w)),
      ...(cpu ? { cpu } : {}),
    });
  const hotSku = () => workload.hot;

  if (
    web &&
    (options.phases.has("hot") ||
      options.phases.has("spread") ||
      options.phases.has("flash") ||
      options.phases.has("soldout") ||
      options.phases.has("gateway") ||
      options.phases.has("replica"))
  ) {
    // Warm-up (not measured) before the first order phase, whichever it is: route loading, JIT,
    // pool connections, prepared statements. Spread SKUs, so the hot row starts as seeded.
    await placeLoad(web, "warm-up", WARM_UP_SECONDS, spreadSku, "w");
  }
  if (web && options.phases.has("hot")) {
    record(await placeLoad(web, "place hot SKU", options.duration, hotSku, "h", sampler()));
  }
  if (options.phases.has("raw")) {
    record(await rawPlaceLoad("raw hot SKU", options.duration, hotSku, "rh", sampler()));
  }
  if (web && options.phases.has("spread")) {
    record(await placeLoad(web, "place spread", options.duration, spreadSku, "s", sampler()));
  }
  if (options.phases.has("raw")) {
    record(await rawPlaceLoad("raw spread", options.duration, spreadSku, "rs", sampler()));
  }
  const spreadPairs: BenchReport["spreadPairs"] = [];
  const pairPhases: PhaseResult[] = [];
  if (web && options.phases.has("spread") && options.phases.has("raw")) {
    // The same two loads again in short turns, alternating which goes first: the machine's speed
    // drifts over minutes (docs/performance.md), and a drift between two 15 s phases moves their
    // ratio; in pairs a few seconds apart it hits both sides alike.
    for (let i = 0; i < options.pairs; i++) {
      const app = () => placeLoad(web, `pair ${i + 1}: place spread`, options.pairSeconds, spreadSku, "ps");
      const raw = () => rawPlaceLoad(`pair ${i + 1}: raw spread`, options.pairSeconds, spreadSku, "pr");
      let a: PhaseResult;
      let r: PhaseResult;
      if (i % 2 === 0) {
        a = await app();
        r = await raw();
      } else {
        r = await raw();
        a = await app();
      }
      pairPhases.push(a, r);
      spreadPairs.push({ app: a.okThroughput, raw: r.okThroughput, ratio: a.okThroughput / r.okThroughput });
      info(
        `pair ${i + 1}: place spread ${a.okThroughput.toFixed(0)}/s, raw spread ${r.okThroughput.toFixed(0)}/s = ${(a.okThroughput / r.okThroughput).toFixed(2)}`,
      );
    }
  }
  if (web && options.phases.has("flash")) {
    // In the same run as the hot, raw and spread phases, after them (the hot SKU is normal there).
    // The raw flash phase: the same statement directly over pg, against the raw single-row limit.
    const flash = await runFlashPhases(database.url, workload.hot, options.buckets, async (buckets) => [
      await placeLoad(web, flashPhaseName(buckets), options.duration, hotSku, `f${buckets}`, sampler()),
      ...(options.phases.has("raw")
        ? [await rawPlaceLoad(flashPhaseName(buckets, true), options.duration, hotSku, `rf${buckets}`, sampler())]
        : []),
    ]);
    for (const result of flash) record(result);
  }
  if (options.phases.has("request")) {
    const rawTokens = await issueRawTokens(database.url, workload);
    record(
      await runRawLoad({
        name: "raw spread, all statements of the request",
        url: database.url,
        connections: options.connections,
        duration: options.duration,
        op: (c, w) => rawPlaceAsRequest(c, rawMember(workload, w), spreadSku(), key("rq", w), rawTokens[w] ?? ""),
        cpu: sampler(),
      }),
    );
  }
  if (web && options.phases.has("soldout")) {
    // After the sale: everyone still clicking "buy" on a sold-out SKU. Every answer is a 409
    // OUT_OF_STOCK: the first from the placement statement, the rest from the one unlocked read
    // of order/sold-out.ts, before any transaction.
    record(
      await placeLoad(
        web,
        "place sold-out SKU (all refused)",
        options.duration,
        () => workload.soldOut,
        "o",
        sampler(),
      ),
    );
  }
  if (web && options.phases.has("pay")) {
    record(await payPhase(web.url, database.url, workload, tokens, options, sampler()));
  }
  if (web && options.phases.has("catalog")) {
    for (const result of await catalogPhases(web.url, options, sampler, { cacheOff: false })) record(result);
    // The same pages with the page cache off (CATALOG_CACHE_TTL_MS=0): the database path every
    // request takes on a miss, so the cache's effect is on the record rather than hidden in it.
    const uncached = await startWeb({ ...webEnv, CATALOG_CACHE_TTL_MS: "0" });
    try {
      for (const result of await catalogPhases(uncached.url, options, samplerFor(uncached), { cacheOff: true }))
        record(result);
    } finally {
      await uncached.stop();
    }
  }

  let split: SplitResult | null = null;
  if (web && options.phases.has("split")) {
    // After the pay phase: the split orders' stock is held in the inventory, not in the order
    // database, so the in-process pay phase must never see one of them UNPAID.
    split = await runSplitPhases({
      adminUrl: server.adminUrl,
      orderDbUrl: database.url,
      orderDbName: database.name,
      inProcess: web,
      webEnv,
      tokens,
      appMembers: workload.appMembers,
      spread: workload.spread,
      duration: options.duration,
      warm: phases.length > 0,
      key,
    });
    for (const result of split?.phases ?? []) phases.push(result);
  }

  let gateway: GatewayResult | null = null;
  if (web && options.phases.has("gateway")) {
    gateway = await runGatewayPhase({
      web,
      place: (url, name, prefix, secs) =>
        placeLoad({ url }, name, secs ?? options.duration, spreadSku, prefix, secs ? undefined : sampler()),
    });
    phases.push(...gateway.phases);
  }
  let replica: ReplicaResult | null = null;
  if (web && options.phases.has("replica")) {
    const single = web;
    replica = await runReplicaPhase({
      ...options,
      webEnv,
      placeSingle: (name, prefix) => placeLoad(single, name, options.duration, spreadSku, prefix, sampler()),
      key,
    });
    phases.push(...replica.phases);
    replicaInfo(replica);
  }

  let clientCost: ClientCost | null = null;
  if (options.phases.has("client")) {
    const costStart = performance.now();
    clientCost = await measureClientCost(database.url, workload);
    info(
      `client cost measured in ${seconds(costStart)}: Prisma ${clientCost.prismaCpuMs.toFixed(3)} ms, node-postgres ${clientCost.pgCpuMs.toFixed(3)} ms of Node CPU per placement transaction`,
    );
  }

  let checks: CheckResult | null = null;
  if (phases.length > 0) {
    const checkStart = performance.now();
    checks = await verifyAfterLoad(database.url, [...phases, ...pairPhases]);
    info(`checks done in ${seconds(checkStart)}`);
  }

  const ratio = (name: string, app: string, raw: string) => {
    const a = phases.find((p) => p.name === app);
    const r = phases.find((p) => p.name === raw);
    return a && r ? [{ name, app: a.okThroughput, raw: r.okThroughput, ratio: a.okThroughput / r.okThroughput }] : [];
  };
  const ratios = [
    ...ratio("hot SKU", "place hot SKU", "raw hot SKU"),
    ...ratio("spread", "place spread", "raw spread"),
    ...(split
      ? [{ name: SPLIT_RATIO, app: split.split, raw: split.inProcess, ratio: split.split / split.inProcess }]
      : []),
    // Issue 17's targets: flash >= 0.9x spread and >= 1.5x the raw single-row limit.
    ...options.buckets.flatMap((n) => [
      ...ratio(`flash ${n} / spread`, flashPhaseName(n), "place spread"),
      ...ratio(`flash ${n} / raw hot`, flashPhaseName(n), "raw hot SKU"),
      ...ratio(`raw flash ${n} / raw hot`, flashPhaseName(n, true), "raw hot SKU"),
    ]),
  ];
  const report: BenchReport = {
    when: new Date(),
    options,
    label: options.label,
    server: { source: server.source, facts },
    web: {
      poolSize: options.poolSize === undefined ? "default (DB_POOL_SIZE unset: 20)" : String(options.poolSize),
      workers:
        options.workers === undefined
          ? `default (WEB_CONCURRENCY unset: one per core, ${availableParallelism()})`
          : String(options.workers),
      url: web?.url ?? "-",
    },
    phases,
    ratios,
    spreadPairs,
    checks,
    clientCost,
    split,
    gateway,
    replica,
    verdicts: [...verdicts(phases, ratios, checks), ...clusterVerdicts(gateway, replica)],
  };
  printReport(report);
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(report, null, 2));
  if (options.writeDoc) {
    writeResults(DOC, report);
    info(`results written to ${path.relative(repoRoot, DOC)}`);
  }
  info(`bench finished in ${seconds(startedAt)}`);
  await shutdown(checks && !checks.passed ? 1 : 0);
}

function rawMember(workload: Workload, worker: number) {
  const member = workload.rawMembers[worker];
  if (!member) throw new Error(`no raw member for client ${worker}`);
  return member;
}

/** Bearer tokens of the raw members (issued directly: the raw phases never go through HTTP). */
async function issueRawTokens(url: string, workload: Workload): Promise<string[]> {
  const db = createDb({ url, DB_POOL_SIZE: 4 });
  try {
    return await Promise.all(
      workload.rawMembers.map(
        async (m) =>
          (await issueApiToken(db, 1_000_000, { id: m.id, status: "ACTIVE", via: "password" }, "bench raw")).token,
      ),
    );
  } finally {
    await db.$disconnect();
  }
}

/** Through the merchant's stock adjustment (audited), so the hot SKU cannot sell out. */
/** Through the merchant stock adjustment (audited): the hot SKU never sells out, the sold-out one is. */
async function prepareStock(url: string, workload: Workload): Promise<void> {
  const db = createDb({ url, DB_POOL_SIZE: 1 });
  try {
    await adjustStock(
      db,
      workload.hot.merchantId,
      { skuId: workload.hot.id, delta: HOT_STOCK_ADDED, reason: "bench: flash sale stock" },
      workload.hot.merchantId,
    );
    const { stock } = await db.sku.findUniqueOrThrow({ where: { id: workload.soldOut.id }, select: { stock: true } });
    if (stock > 0)
      await adjustStock(
        db,
        workload.soldOut.merchantId,
        { skuId: workload.soldOut.id, delta: -stock, reason: "bench: sold out" },
        workload.soldOut.merchantId,
      );
  } finally {
    await db.$disconnect();
  }
}

/** order.pay on every UNPAID order the HTTP phases placed, each member paying its own. */
async function payPhase(
  baseUrl: string,
  url: string,
  workload: Workload,
  tokens: string[],
  options: BenchOptions,
  cpu: CpuSampler,
): Promise<PhaseResult> {
  const rows = await withClient(
    url,
    async (c) =>
      (
        await c.query<{ email: string; id: number }>(
          "SELECT u.email, o.id FROM orders o JOIN users u ON u.id = o.buyer_id WHERE u.email = ANY($1) AND o.status = 'UNPAID' ORDER BY random()",
          [workload.appMembers],
        )
      ).rows,
  );
  const queues = workload.appMembers.map(() => [] as number[]);
  const index = new Map(workload.appMembers.map((email, i) => [email, i]));
  for (const row of rows) queues[index.get(row.email) ?? -1]?.push(row.id);
  info(`pay: ${rows.length} UNPAID orders of the HTTP members`);
  if (rows.length === 0) warn("pay: no orders to pay (run the hot or spread phase too)");
  return runMemberLoad({
    name: "pay",
    baseUrl,
    tokens,
    path: "/api/trpc/order.pay",
    duration: options.duration,
    amounts: queues.map((q) => q.length),
    body: (m) => {
      const id = queues[m]?.shift();
      return id === undefined ? null : JSON.stringify({ json: { orderId: id } });
    },
    cpu,
  });
}

interface CatalogPage {
  items: { id: number }[];
  nextCursor: string | null;
}

/** catalog.list: the first page, a search, and deep keyset pages reached by walking the cursor. */
async function catalogPhases(
  baseUrl: string,
  options: BenchOptions,
  sampler: () => CpuSampler,
  mode: { cacheOff: boolean },
): Promise<PhaseResult[]> {
  const listUrl = (input: Record<string, unknown>) =>
    `${baseUrl}/api/trpc/catalog.list?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const deepCursor = async (sort: string, products: number): Promise<string> => {
    let cursor: string | null = null;
    for (let seen = 0; seen < products;) {
      const page: CatalogPage = await trpcQuery<CatalogPage>(baseUrl, "catalog.list", { sort, limit: 100, cursor });
      seen += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    if (!cursor) throw new Error(`catalog.list (${sort}) has fewer than 100 products`);
    return cursor;
  };
  const depth = Math.floor(options.skus / 4 / 2); // about the middle of the catalogue (4 SKUs per product)
  const cases: [string, string][] = [
    // The floor of the stack: Next.js + tRPC + superjson on a procedure that runs no SQL (cached).
    ["framework floor: catalog.currencies (cached, no SQL)", `${baseUrl}/api/trpc/catalog.currencies`],
    ["catalog first page", listUrl({ limit: 20 })],
    ["catalog search", listUrl({ q: "vintage lamp", limit: 20 })],
    [
      `catalog deep page (${depth.toLocaleString("en")} in)`,
      listUrl({ limit: 20, cursor: await deepCursor("newest", depth) }),
    ],
    ["catalog by price, first page", listUrl({ sort: "price_asc", limit: 20 })],
    [
      `catalog by price, deep (${depth.toLocaleString("en")} in)`,
      listUrl({ sort: "price_asc", limit: 20, cursor: await deepCursor("price_asc", depth) }),
    ],
  ];
  const results: PhaseResult[] = [];
  for (const [name, url] of cases) {
    if (mode.cacheOff && name.startsWith("framework floor")) continue;
    await runAnonymousLoad({ name: "warm-up", url, connections: 4, duration: 1 });
    results.push(
      await runAnonymousLoad({
        name: mode.cacheOff ? `${name}, cache off` : name,
        url,
        connections: options.catalogConnections,
        duration: Math.min(options.duration, 10),
        cpu: sampler(),
      }),
    );
  }
  return results;
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  void shutdown(1);
});
