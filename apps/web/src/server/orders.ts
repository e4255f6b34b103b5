import "server-only";
import { TRPCError } from "@trpc/server";
import { api } from "~/trpc/server";

/** The caller's order, or null when it is not theirs or does not exist (same answer for both). */
export async function getOwnOrder(rawId: string) {
  if (!/^\d{1,9}$/.test(rawId)) return null;
  try {
    return await (await api()).order.get({ orderId: Number(rawId) });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
