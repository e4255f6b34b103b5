import { createHash, randomBytes } from "node:crypto";
import type { Db, Role, UserStatus } from "@trade/db";
import { fail } from "../errors/index.ts";

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

export async function issueApiToken(db: Db, userId: number, name: string, ttlDays?: number): Promise<IssuedToken> {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = ttlDays ? new Date(Date.now() + ttlDays * 86_400_000) : null;
  const row = await db.apiToken.create({
    data: { userId, name: name.trim() || "API token", tokenHash: digest(token), prefix: token.slice(0, 10), expiresAt },
    select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true },
  });
  return { ...row, token };
}

export function listApiTokens(db: Db, userId: number) {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: { id: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

/** Revokes one of the caller's own tokens; another user's token id is NOT_FOUND. */
export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<{ id: number }> {
  const result = await db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (result.count === 0) fail("NOT_FOUND", { resource: "token" });
  return { id: tokenId };
}

export interface TokenViewer {
  id: number;
  role: Role;
  status: UserStatus;
}

/** Resolves `Authorization: Bearer <token>` to its user, or null. */
export async function resolveApiToken(db: Db, token: string): Promise<TokenViewer | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: digest(token) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: { id: true, role: true, status: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  // Record use at most every five minutes, so the hot path does not write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 300_000) {
    void db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return row.user;
}
