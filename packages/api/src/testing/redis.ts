/**
 * Whether the tests that need Redis run. With REDIS_URL they run; without it they are skipped
 * (and counted as skipped by `npm test`), except in CI, where Redis is installed and a missing
 * one means the run would silently check less: there it is an error that fails the file.
 * Use it as `describe.runIf(withRedis())(...)` / `it.runIf(withRedis())(...)`, never as an
 * early `return` inside a test (that would count as a pass).
 */
export function withRedis(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.REDIS_URL?.trim()) return true;
  if (env.CI && env.CI !== "false" && env.CI !== "0")
    throw new Error(
      "REDIS_URL is not set, but CI must run the Redis tests: set REDIS_URL (npm test starts a redis-server from PATH).",
    );
  return false;
}
