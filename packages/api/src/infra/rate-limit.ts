import type { RedisClient } from "./redis.ts";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { apiEnv } from "../env.ts";

export interface Limiters {
  /** Every login / token attempt from one IP. */
  loginByIp: RateLimiterAbstract;
  /** Failed attempts for one email from one IP: stops guessing without locking the owner out elsewhere. */
  loginFailByEmailIp: RateLimiterAbstract;
  /** Failed attempts for one email from anywhere: a looser ceiling against distributed guessing. */
  loginFailByEmail: RateLimiterAbstract;
  /** Registrations from one IP. */
  registerByIp: RateLimiterAbstract;
}

/** Redis-backed when Redis is there; each has an in-memory insurance limiter for outages. */
export function createLimiters(redis: RedisClient | null): Limiters {
  const env = apiEnv();
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `rl:${keyPrefix}`,
      points,
      duration,
      insuranceLimiter: memory,
      useRedisPackage: false,
    });
  };
  return {
    loginByIp: make("login-ip", env.LOGIN_MAX_ATTEMPTS_PER_IP, 60),
    loginFailByEmailIp: make("login-fail-email-ip", env.LOGIN_MAX_FAILURES_PER_EMAIL, 15 * 60),
    loginFailByEmail: make("login-fail-email", env.LOGIN_MAX_FAILURES_PER_EMAIL * 5, 60 * 60),
    registerByIp: make("register-ip", env.REGISTER_MAX_PER_IP_HOUR, 60 * 60),
  };
}

/** Consumes one point; true when allowed. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    return true; // the store failed and had no insurance: fail open rather than lock everyone out
  }
}

/** True when the key has already used up its points (without consuming one). */
export async function exhausted(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    const res = await limiter.get(key);
    return res !== null && res.remainingPoints <= 0;
  } catch {
    return false;
  }
}
