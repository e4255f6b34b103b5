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

/**
 * A refused call's domain error as the client receives it: code, details, message. Through the
 * router (a TRPCError caused by it) or straight from a service; a call that succeeds, or fails
 * with anything else, fails the test.
 */
export async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  const domain = error instanceof TRPCError ? error.cause : error;
  if (!(domain instanceof DomainError)) throw new Error(`not refused: ${String(error)}`);
  return { code: domain.code, details: domain.details, message: domain.message };
}
