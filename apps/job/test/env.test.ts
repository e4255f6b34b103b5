import { describe, expect, it } from "vitest";
import { readJobEnv, riskRulesConfig } from "../src/env.ts";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/trade" };

describe("job environment", () => {
  it("has the documented defaults", () => {
    const env = readJobEnv(base);
    expect(env.REDIS_URL).toBeUndefined();
    expect(env).toMatchObject({
      JOB_HTTP_PORT: 3002,
      EXPIRE_INTERVAL_MS: 1_000,
      BACKFILL_INTERVAL_MS: 5_000,
      RULES_INTERVAL_MS: 60_000,
      RECONCILE_INTERVAL_MS: 300_000,
      SNAPSHOT_INTERVAL_MS: 60_000,
      RISK_AUTO_FREEZE: false,
    });
    expect(riskRulesConfig(env).withdrawals.largeThresholds).toEqual({ USD: "5000", CNY: "35000", JPY: "750000" });
  });

  it("treats an empty REDIS_URL as unset and parses booleans and JSON thresholds", () => {
    const env = readJobEnv({
      ...base,
      REDIS_URL: "",
      RISK_AUTO_FREEZE: "true",
      RISK_WITHDRAW_LARGE_THRESHOLDS: '{"EUR":"900.50"}',
    });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.RISK_AUTO_FREEZE).toBe(true);
    expect(env.RISK_WITHDRAW_LARGE_THRESHOLDS).toEqual({ EUR: "900.50" });
  });

  it("lists every invalid variable", () => {
    expect(() =>
      readJobEnv({ DATABASE_URL: "mysql://x", JOB_HTTP_PORT: "70000", RISK_WITHDRAW_LARGE_THRESHOLDS: "{bad" }),
    ).toThrow(/DATABASE_URL[\s\S]*JOB_HTTP_PORT[\s\S]*RISK_WITHDRAW_LARGE_THRESHOLDS/);
    expect(() => readJobEnv({})).toThrow(/DATABASE_URL/);
  });
});
