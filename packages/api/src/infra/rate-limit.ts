import type { RedisClient } from "./redis.ts";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { ApiEnv } from "../env.ts";

export interface Limiters {
  /** Every login / token attempt from one IP. */
  loginByIp: RateLimiterAbstract;
  /** Failed attempts for one email from one IP: stops guessing without locking the owner out elsewhere. */
  loginFailByEmailIp: RateLimiterAbstract;
  /**
   * Failed attempts for one email from anywhere. Past it the account is under attack: it is not
   * closed (an attacker could then keep any account closed), each IP gets `loginSlowByEmailIp`.
   */
  loginFailByEmail: RateLimiterAbstract;
  /** While the email is under attack: one attempt per IP per slow-down period. */
  loginSlowByEmailIp: RateLimiterAbstract;
  /** Registrations from one IP. */
  registerByIp: RateLimiterAbstract;
}

export interface LimiterSettings {
  loginMaxAttemptsPerIp: number;
  loginMaxFailuresPerEmailIp: number;
  loginMaxFailuresPerEmail: number;
  loginSlowdownSeconds: number;
  registerMaxPerIpHour: number;
}

/** The limits from the parsed environment (docs/security.md#throttling says why each number). */
export function limiterSettingsFromEnv(env: ApiEnv): LimiterSettings {
  return {
    loginMaxAttemptsPerIp: env.LOGIN_MAX_ATTEMPTS_PER_IP,
    loginMaxFailuresPerEmailIp: env.LOGIN_MAX_FAILURES_PER_EMAIL,
    loginMaxFailuresPerEmail: env.LOGIN_MAX_FAILURES_PER_EMAIL * 5,
    loginSlowdownSeconds: env.LOGIN_SLOWDOWN_SECONDS,
    registerMaxPerIpHour: env.REGISTER_MAX_PER_IP_HOUR,
  };
}

/**
 * Redis-backed when Redis is there, so every process shares one count; each has an in-memory
 * insurance limiter that counts per process while Redis is down (or not yet connected).
 */
export function createLimiters(redis: RedisClient | null, settings: LimiterSettings): Limiters {
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `rl:${keyPrefix}`,
      points,
      duration,
      insuranceLimiter: memory,
      // Straight to the insurance limiter while disconnected, instead of a command timeout.
      rejectIfRedisNotReady: true,
      useRedisPackage: false,
    });
  };
  return {
    loginByIp: make("login-ip", settings.loginMaxAttemptsPerIp, 60),
    loginFailByEmailIp: make("login-fail-email-ip", settings.loginMaxFailuresPerEmailIp, 15 * 60),
    loginFailByEmail: make("login-fail-email", settings.loginMaxFailuresPerEmail, 60 * 60),
    loginSlowByEmailIp: make("login-slow-email-ip", 1, settings.loginSlowdownSeconds),
    registerByIp: make("register-ip", settings.registerMaxPerIpHour, 60 * 60),
  };
}

export interface Taken {
  allowed: boolean;
  /** When refused: how long until a point is free again. */
  retryAfterSeconds: number;
}

/**
 * Consumes one point, then checks: the increment and the verdict are one atomic step in the
 * store (a Lua script in Redis), so concurrent requests (a burst, or one tRPC batch) each see
 * their own count and never more than `points` of them get through. A refused request still
 * counts, which keeps a hammering client refused.
 */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<Taken> {
  try {
    await limiter.consume(key);
    return { allowed: true, retryAfterSeconds: 0 };
  } catch (error) {
    if (error instanceof RateLimiterRes)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    // The store failed and had no insurance: fail open rather than lock everyone out.
    return { allowed: true, retryAfterSeconds: 0 };
  }
}

/** Consumes one point; true when allowed. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  return (await take(limiter, key)).allowed;
}

/** Gives a point back (a pre-charged failure that turned out not to be one). */
export async function giveBack(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.reward(key, 1).catch(() => undefined);
}
