import { errorCatalogue, type ErrorCode } from "./catalogue.ts";

/** What services throw. Only the tRPC middleware turns it into a TRPCError. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Safe, structured facts for the client (e.g. the missing amount); never internals. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    super(message ?? errorCatalogue[code].message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function fail(code: ErrorCode, details?: Record<string, unknown>, message?: string): never {
  throw new DomainError(code, details, message);
}
