import type { Db, Role } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { ensureWalletAccounts } from "../wallet/accounts.ts";
import { normaliseEmail } from "./email.ts";
import { assertPasswordStrength, hashPassword } from "./password.ts";

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  role?: Role;
}

export interface RegisteredUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** Creates the user and, in the same transaction, one wallet account per active currency. */
export async function registerUser(db: Db, input: RegisterInput): Promise<RegisteredUser> {
  assertPasswordStrength(input.password);
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<RegisteredUser[]>`
      INSERT INTO users (email, name, password_hash, role)
      VALUES (${email}, ${input.name.trim()}, ${passwordHash}, ${input.role ?? "MEMBER"}::"Role")
      ON CONFLICT (email) DO NOTHING
      RETURNING id, email, name, role`;
    const user = rows[0];
    if (!user) fail("EMAIL_TAKEN");
    await ensureWalletAccounts(tx, [user.id]);
    return user;
  });
}
