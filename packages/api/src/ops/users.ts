import type { Db, Role, UserStatus, DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { toWire } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";

export async function setUserStatus(db: Db, operatorId: number, userId: number, status: UserStatus) {
  if (userId === operatorId) fail("FORBIDDEN", undefined, "You cannot freeze yourself.");
  const result = await db.user.updateMany({ where: { id: userId, role: { not: "SYSTEM" } }, data: { status } });
  if (result.count === 0) fail("NOT_FOUND", { resource: "user" });
  return { id: userId, status };
}

export function searchUsers(db: DbTx, input: { q?: string; role?: Role; limit: number }) {
  return db.user.findMany({
    where: {
      role: input.role ?? { not: "SYSTEM" },
      ...(input.q
        ? {
            OR: [
              { email: { contains: input.q.toLowerCase() } },
              { name: { contains: input.q, mode: "insensitive" as const } },
            ],
          }
        : {}),
    },
    orderBy: { id: "asc" },
    take: input.limit,
    select: { id: true, email: true, name: true, role: true, status: true, createdAt: true },
  });
}

export async function pendingWithdrawals(db: DbTx, input: { cursor?: number | null; limit: number }) {
  const rows = await db.withdrawal.findMany({
    where: { status: "PENDING", ...(input.cursor ? { id: { gt: input.cursor } } : {}) },
    orderBy: { id: "asc" },
    take: input.limit + 1,
    select: {
      id: true,
      currency: true,
      amount: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true, status: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  return {
    items: page.map((w) => ({ ...w, amount: toWire(w.amount, scales.get(w.currency) ?? 2) })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
