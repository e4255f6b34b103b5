import type { Db, Role, UserStatus } from "@trade/db";
import { fail } from "../errors/index.ts";
import { consume, exhausted, type Limiters } from "../infra/rate-limit.ts";
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
 */
export async function authenticate(
  db: Db,
  limiters: Limiters,
  input: { email: string; password: string; ip: string },
): Promise<AuthenticatedUser> {
  const email = normaliseEmail(input.email);
  const emailIpKey = `${email}|${input.ip}`;
  if (!(await consume(limiters.loginByIp, input.ip))) fail("RATE_LIMITED");
  if ((await exhausted(limiters.loginFailByEmailIp, emailIpKey)) || (await exhausted(limiters.loginFailByEmail, email)))
    fail("RATE_LIMITED");

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, status: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  await db.loginEvent.create({
    data: { userId: user?.id ?? null, email: email.slice(0, 254), ip: input.ip.slice(0, 64), success: ok && !!user },
  });
  if (!user || !ok) {
    await consume(limiters.loginFailByEmailIp, emailIpKey);
    await consume(limiters.loginFailByEmail, email);
    fail("INVALID_CREDENTIALS");
  }
  await limiters.loginFailByEmailIp.delete(emailIpKey).catch(() => undefined);
  return { id: user.id, email: user.email, name: user.name, role: user.role, status: user.status };
}
