import type { RedisClient } from "../infra/redis.ts";
import { tryRedis } from "../infra/redis.ts";

/**
 * Cache-aside for a member's balances. Each member has a version counter; a write bumps it
 * after commit, so a value cached from a read that raced the write is stored under the old
 * version and never served again: a member never sees a stale balance after their own write.
 */
const TTL_SECONDS = 60;
// Hash tag `{<id>}`: a member's version and values share one Redis Cluster slot, so the bump
// (INCR + EXPIRE in one MULTI) never spans two slots.
const versionKey = (userId: number) => `bal:{${userId}}:v`;
const valueKey = (userId: number, version: string) => `bal:{${userId}}:${version}`;

export async function readCachedBalances<T>(
  redis: RedisClient | null,
  userId: number,
  load: () => Promise<T>,
): Promise<T> {
  const version = await tryRedis(redis, null, async (r) => (await r.get(versionKey(userId))) ?? "0");
  if (version !== null) {
    const hit = await tryRedis(redis, null, (r) => r.get(valueKey(userId, version)));
    if (hit) return JSON.parse(hit) as T;
  }
  const fresh = await load();
  if (version !== null)
    await tryRedis(redis, null, (r) => r.set(valueKey(userId, version), JSON.stringify(fresh), "EX", TTL_SECONDS));
  return fresh;
}

/**
 * Call after the transaction that changed these members' balances has committed. A write the
 * member did not make themselves (the job's expiry, a cancel from another tab) is invalidated
 * just before its commit too: otherwise a read between the commit and the bump (the member's
 * page, which saw the order closed, re-reading the wallet) is served the old balance from the
 * current version, and nothing makes it read again. With the early bump that version is already
 * retired at the commit; a read during the commit itself may cache the old balance under the
 * new version, which the bump after the commit retires.
 */
export async function invalidateBalances(redis: RedisClient | null, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  await tryRedis(redis, null, async (r) => {
    // One MULTI per member (one slot each); the members' MULTIs go out together.
    await Promise.all(
      [...new Set(userIds)].map((id) => r.multi().incr(versionKey(id)).expire(versionKey(id), 86_400).exec()),
    );
    return null;
  });
}
