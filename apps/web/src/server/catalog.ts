import "server-only";
import { TRPCError } from "@trpc/server";
import { cache } from "react";
import { api } from "~/trpc/server";

/** A listed product for its page (shared by the page and its metadata), or null when there is none. */
export const getProduct = cache(async (rawId: string) => {
  if (!/^\d{1,9}$/.test(rawId)) return null;
  try {
    return await (await api()).catalog.product({ id: Number(rawId) });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});
