import type { Db } from "@trade/db";
import type { RedisClient } from "../infra/redis.ts";
import { LRUCache } from "lru-cache";
import { apiEnv } from "../env.ts";
import type { Deps } from "../infra/deps.ts";
import type { Inventory } from "../inventory/port.ts";
import { listCatalog, type CatalogQuery } from "./list.ts";

type CatalogPage = Awaited<ReturnType<typeof listCatalog>>;

/** Bumped by every merchant or operator change (`bumpCatalogueVersion`); part of every cache key. */
const VERSION_KEY = "catalog:version";

/** Per database client (one per process in the apps; tests run several databases in one process). */
const caches = new WeakMap<Db, LRUCache<string, CatalogPage, CatalogQuery>>();

function cacheFor(db: Db, ttl: number, inventory: Inventory | undefined): LRUCache<string, CatalogPage, CatalogQuery> {
  let cache = caches.get(db);
  if (!cache) {
    // fetchMethod: concurrent misses on one key share one query (a flash sale's first second).
    // A process has one inventory adapter per database client, so the first one is the one.
    cache = new LRUCache<string, CatalogPage, CatalogQuery>({
      max: 1_000,
      ttl,
      fetchMethod: (_key, _stale, { context }) => listCatalog(db, context, inventory),
    });
    caches.set(db, cache);
  }
  return cache;
}

/**
 * The storefront catalogue (`catalog.list`) with hot pages cached in the process for
 * CATALOG_CACHE_TTL_MS (default 2 s): in a sale everyone browses the same few pages, and each
 * costs ~2-4 ms of CPU to build. The key includes a version in Redis that every merchant and
 * operator mutation bumps, so a listed, delisted, repriced or edited product shows on the next
 * request; only stock counts moved by orders may lag, by at most the TTL (placement and the
 * product page read live stock). Without a reachable Redis there is no version to trust, so
 * nothing is cached. In remote inventory mode the counts come from the inventory service's
 * figures (themselves up to STOCK_FIGURES_TTL_MS old), so a cached page's counts lag by at most
 * the two TTLs together.
 */
export async function cachedCatalogPage({ db, redis, inventory }: Deps, query: CatalogQuery): Promise<CatalogPage> {
  const ttl = apiEnv().CATALOG_CACHE_TTL_MS;
  if (!redis || ttl === 0 || redis.status !== "ready") return listCatalog(db, query, inventory);
  let version: string;
  try {
    version = (await redis.get(VERSION_KEY)) ?? "0";
  } catch {
    return listCatalog(db, query, inventory);
  }
  // The input comes parsed by zod, so equal queries serialise alike.
  const page = await cacheFor(db, ttl, inventory).fetch(`${version}\u0000${JSON.stringify(query)}`, {
    context: query,
  });
  return page ?? listCatalog(db, query, inventory);
}

/** After a change to what the catalogue shows. Best effort: a failure leaves the TTL as the bound. */
export async function bumpCatalogueVersion(redis: RedisClient | null): Promise<void> {
  if (!redis) return;
  await redis.incr(VERSION_KEY).catch(() => undefined);
}
