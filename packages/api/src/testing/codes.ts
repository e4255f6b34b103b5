import { TRPCError } from "@trpc/server";
import { DomainError } from "../errors/index.ts";
import { domainCodeOf } from "../trpc.ts";

/**
 * The domain error code of a rejected call, through the router or straight to a service
 * ("RESOLVED" when it succeeded), for tests of this package and of the packages above it
 * (@trade/server's session tests).
 */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return domainCodeOf(error);
    if (error instanceof DomainError) return error.code;
    return `UNCODED(${String(error)})`;
  }
  return "RESOLVED";
}
