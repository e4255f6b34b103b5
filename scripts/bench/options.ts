import { parseArgs } from "node:util";

/**
 * `request`: raw spread with every statement of an `order.place` request (the bearer-token
 * lookup too), to split the app's cost between SQL round trips and the HTTP stack;
 * `client`: Node CPU of one placement transaction through Prisma vs node-postgres;
 * `soldout`: order.place on a sold-out SKU (every order refused with OUT_OF_STOCK);
 * `flash`: order.place on the hot SKU in flash-sale mode, once per `--buckets` count;
 * `split`: place + pay on spread SKUs in-process vs with the inventory service (issue 16), and
 * the recovery after the service is killed (scripts/bench/split.ts; needs apps/inventory);
 * `gateway`: order.place on spread SKUs through the cluster's nginx vs direct (bench/gateway.ts);
 * `replica`: the same on the cluster's PostgreSQL primary + synchronous replica vs the single
 * server, and the replica's lag under it (bench/replica.ts; needs Debian's PostgreSQL 15).
 */
export const PHASES = [
  "hot",
  "spread",
  "flash",
  "soldout",
  "pay",
  "raw",
  "request",
  "client",
  "catalog",
  "split",
  "gateway",
  "replica",
] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  /** Seconds per load phase. */
  duration: number;
  /** Concurrent clients of the order phases (HTTP connections, distinct members; raw: pg connections). */
  connections: number;
  /** Concurrent anonymous clients of the catalogue phases. */
  catalogConnections: number;
  members: number;
  skus: number;
  /** Distinct SKUs of the spread phase. */
  spreadSkus: number;
  /** Extra short alternating spread pairs (app, raw) for a drift-free ratio; 0 = none. */
  pairs: number;
  /** Seconds of each side of a pair. */
  pairSeconds: number;
  /** App DB pool size (DB_POOL_SIZE of the web server); undefined = the app's default. */
  poolSize: number | undefined;
  /** Web server processes (WEB_CONCURRENCY); undefined = the app's default (one per core). */
  workers: number | undefined;
  phases: Set<Phase>;
  /** Bucket counts of the flash phase, one measured phase each. */
  buckets: number[];
  /** Reuse the last build of the bench copy of apps/web when its sources did not change. */
  rebuild: boolean;
  keepDatabase: boolean;
  /** Write docs/performance.md (off with --no-doc). */
  writeDoc: boolean;
  /** Free-text label printed with the results (what was changed for this run). */
  label: string | undefined;
  /** Where the JSON results go (besides the printed table). */
  jsonOut: string | undefined;
  /** Write V8 CPU profiles of the web server (node --cpu-prof) into this directory. */
  profileWeb: string | undefined;
}

const HELP = `npm run bench -- [options]
  --duration <s>             seconds per load phase (default 15, env BENCH_DURATION)
  --connections <n>          concurrent clients of the order phases (default 64)
  --catalog-connections <n>  concurrent clients of the catalogue phases (default 16)
  --members <n> --skus <n>   load data size (default 100000 each)
  --spread-skus <n>          SKUs of the spread phase (default 10000)
  --pool <n>                 DB_POOL_SIZE of the web server, split between its workers (default: the app's default)
  --workers <n>              web server processes, WEB_CONCURRENCY (default: the app's default, one per core)
  --pairs <n>                extra alternating spread pairs, app then raw or raw then app (default 3, 0 = none)
  --pair-seconds <s>         seconds of each side of a pair (default 5)
  --phases <list>            subset of ${PHASES.join(",")} (default all)
  --buckets <list>           bucket counts of the flash phase, one phase each (default 1,4,8,16; at most 64)
  --rebuild                  rebuild the web app even if its sources did not change
  --keep-db                  keep the bench database afterwards (its name is printed)
  --no-doc                   do not rewrite docs/performance.md
  --label <text>             note printed with the results
  --json <file>              also write the results as JSON
  --profile-web <dir>        CPU-profile the web server (node --cpu-prof) into <dir>`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      "catalog-connections": { type: "string" },
      members: { type: "string" },
      skus: { type: "string" },
      "spread-skus": { type: "string" },
      pool: { type: "string" },
      workers: { type: "string" },
      pairs: { type: "string" },
      "pair-seconds": { type: "string" },
      phases: { type: "string" },
      buckets: { type: "string" },
      rebuild: { type: "boolean", default: false },
      "keep-db": { type: "boolean", default: false },
      "no-doc": { type: "boolean", default: false },
      label: { type: "string" },
      json: { type: "string" },
      "profile-web": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (raw: string | undefined, fallback: number, name: string, min = 1): number => {
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min} (got ${raw})`);
    return n;
  };
  const phases = new Set<Phase>();
  for (const name of (values.phases ?? PHASES.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(PHASES as readonly string[]).includes(name))
      throw new Error(`unknown phase ${name} (phases: ${PHASES.join(", ")})`);
    phases.add(name as Phase);
  }
  const options: BenchOptions = {
    duration: int(values.duration ?? process.env.BENCH_DURATION, 15, "duration"),
    connections: int(values.connections, 64, "connections"),
    catalogConnections: int(values["catalog-connections"], 16, "catalog-connections"),
    members: int(values.members, 100_000, "members"),
    skus: int(values.skus, 100_000, "skus"),
    spreadSkus: int(values["spread-skus"], 10_000, "spread-skus"),
    pairs: int(values.pairs, 3, "pairs", 0),
    pairSeconds: int(values["pair-seconds"], 5, "pair-seconds"),
    poolSize: values.pool === undefined ? undefined : int(values.pool, 20, "pool"),
    workers: values.workers === undefined ? undefined : int(values.workers, 1, "workers"),
    phases,
    buckets: (values.buckets ?? "1,4,8,16").split(",").map((raw) => int(raw.trim(), 8, "buckets")),
    rebuild: values.rebuild,
    keepDatabase: values["keep-db"],
    writeDoc: !values["no-doc"],
    label: values.label,
    jsonOut: values.json,
    profileWeb: values["profile-web"],
  };
  if (options.members < options.connections)
    throw new Error("--members must be at least --connections (one member per client)");
  if (options.skus < options.spreadSkus + 1)
    throw new Error("--skus must exceed --spread-skus (the hot SKU is kept apart)");
  if (options.buckets.some((n) => n > 64)) throw new Error("--buckets: at most 64 buckets per SKU");
  return options;
}
