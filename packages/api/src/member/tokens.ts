import { createHash, randomBytes } from "node:crypto";
import { Prisma, preparedQuery, type Db, type Role, type UserStatus, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";

const PREFIX = "trd_";

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssuedToken {
  id: number;
  name: string;
  /** Shown once; only its hash is stored. */
  token: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** Who asks for a token: the user, and whether they came with a session or a token. */
export interface TokenMinter {
  id: number;
  status: UserStatus;
  via: "session" | "token" | "password";
}

/**
 * Mints an API token. Refused for a frozen user (ACCOUNT_FROZEN), and when asked with a token
 * (FORBIDDEN): a token cannot mint tokens, so a leaked token cannot outlive its own expiry or
 * revocation through copies of itself, and revoking a token leaves nothing it created behind.
 * At most `maxTokens` live tokens per user (TOKEN_LIMIT): counted under the user's row lock, so
 * concurrent requests cannot slip past the cap.
 */
export async function issueApiToken(
  db: Db,
  maxTokens: number,
  minter: TokenMinter,
  name: string,
  ttlDays?: number,
): Promise<IssuedToken> {
  if (minter.status === "FROZEN") fail("ACCOUNT_FROZEN");
  if (minter.via === "token") fail("FORBIDDEN", undefined, "An API token cannot create API tokens; sign in instead.");
  const token = PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = ttlDays ? new Date(Date.now() + ttlDays * 86_400_000) : null;
  const row = await runTx(db, async (tx) => {
    // Locks the user row: serialises this user's token creations, and sees a freeze committed meanwhile.
    const users = await tx.$queryRaw<{ status: UserStatus }[]>`
      SELECT status FROM users WHERE id = ${minter.id} FOR NO KEY UPDATE`;
    if (users[0]?.status !== "ACTIVE") fail("ACCOUNT_FROZEN");
    const live = await tx.apiToken.count({
      where: { userId: minter.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (live >= maxTokens) fail("TOKEN_LIMIT", { limit: maxTokens });
    return tx.apiToken.create({
      data: {
        userId: minter.id,
        name: name.trim() || "API token",
        tokenHash: digest(token),
        prefix: token.slice(0, 10),
        expiresAt,
      },
      select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true },
    });
  });
  return { ...row, token };
}

export function listApiTokens(db: DbTx, userId: number) {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: { id: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

/** Revokes one of the caller's own tokens; another user's token id is NOT_FOUND. */
export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<{ id: number }> {
  const result = await db.apiToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) fail("NOT_FOUND", { resource: "token" });
  return { id: tokenId };
}

export interface TokenViewer {
  id: number;
  role: Role;
  status: UserStatus;
}

interface TokenRow {
  token_id: number;
  last_used_at: Date | null;
  id: number;
  role: Role;
  status: UserStatus;
}

/** The token's live row joined to its user (exported for the benchmark's raw SQL phases). */
export function tokenLookupSql(token: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id AS token_id, t.last_used_at, u.id, u.role, u.status
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ${digest(token)} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`;
}

/**
 * Resolves `Authorization: Bearer <token>` to its user, or null. One indexed query per request
 * (token hash joined to its user), prepared: this runs before every API call, including the hot ones.
 */
export async function resolveApiToken(db: Db, token: string): Promise<TokenViewer | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const rows = await preparedQuery<TokenRow>(db, tokenLookupSql(token));
  const row = rows[0];
  if (!row) return null;
  // Record use at most every five minutes, so the hot path does not write on every request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 300_000) {
    void db.apiToken.update({ where: { id: row.token_id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { id: row.id, role: row.role, status: row.status };
}
