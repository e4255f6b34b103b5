import type { Db, Role, UserStatus } from "@trade/db";
import { fail } from "../errors/index.ts";
import { giveBack, take, type Limiters, type Taken } from "../infra/rate-limit.ts";
import { normaliseEmail } from "./email.ts";
import { dummyPasswordHash, verifyPassword } from "./password.ts";

export interface AuthenticatedUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
}

/**
 * Checks email + password, rate-limited per IP and per email (ASVS 6.1.1 / 6.3.1), records the
 * attempt (the risk job watches failures), and answers the same error for an unknown email and
 * a wrong password (ASVS 6.3.8).
 *
 * Every attempt is charged as a failure before the password is checked, and given back when it
 * succeeds: checking first and counting afterwards let a burst (or one tRPC batch) of guesses all
 * pass the check before any was counted. The per-email ceiling never closes the account, or an
 * attacker could keep any owner out: past it each IP gets one try per slow-down period, so the
 * owner with the right password, from any address, waits at most that long (docs/security.md).
 */
export async function authenticate(
  db: Db,
  limiters: Limiters,
  input: { email: string; password: string; ip: string },
): Promise<AuthenticatedUser> {
  const email = normaliseEmail(input.email);
  const emailIpKey = `${email}|${input.ip}`;
  const byIp = await take(limiters.loginByIp, input.ip);
  if (!byIp.allowed) refuse(byIp);
  const byPair = await take(limiters.loginFailByEmailIp, emailIpKey);
  if (!byPair.allowed) refuse(byPair);
  const byEmail = await take(limiters.loginFailByEmail, email);
  if (!byEmail.allowed) {
    const slow = await take(limiters.loginSlowByEmailIp, emailIpKey);
    if (!slow.allowed) {
      // No guess was made: only the slow-down period counts against this address.
      await giveBack(limiters.loginFailByEmailIp, emailIpKey);
      refuse(slow);
    }
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, status: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  await db.loginEvent.create({
    data: { userId: user?.id ?? null, email: email.slice(0, 254), ip: input.ip.slice(0, 64), success: ok && !!user },
  });
  if (!user || !ok) fail("INVALID_CREDENTIALS");
  await limiters.loginFailByEmailIp.delete(emailIpKey).catch(() => undefined);
  await giveBack(limiters.loginFailByEmail, email);
  return { id: user.id, email: user.email, name: user.name, role: user.role, status: user.status };
}

function refuse(taken: Taken): never {
  fail("RATE_LIMITED", { retryAfterSeconds: taken.retryAfterSeconds });
}
