import { errorCatalogue, type ErrorCode } from "./catalogue.ts";

/**
 * Reading a failed call on the client side. The API's error formatter (src/trpc.ts) puts the
 * domain code, the HTTP status, the details of a DomainError and zod's field problems into
 * `error.data`; this is the one place that knows that shape. The code is checked against the
 * catalogue, so a `switch (errorCodeOf(e))` is typed and a code that does not exist fails to
 * compile. Browser-safe: the catalogue is plain data.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface ApiErrorData {
  domainCode: ErrorCode;
  httpStatus: number | null;
  details: Record<string, unknown>;
  fields: FieldProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCatalogue, value);
}

/** What the API said about a failed call; null when the call never got an API answer. */
export function apiErrorOf(error: unknown): ApiErrorData | null {
  if (!isRecord(error) || !isRecord(error.data)) return null;
  const data = error.data;
  if (!isErrorCode(data.domainCode)) return null;
  const fields = Array.isArray(data.fields)
    ? data.fields.filter(
        (f): f is FieldProblem => isRecord(f) && typeof f.path === "string" && typeof f.message === "string",
      )
    : [];
  return {
    domainCode: data.domainCode,
    httpStatus: typeof data.httpStatus === "number" ? data.httpStatus : null,
    details: isRecord(data.details) ? data.details : {},
    fields,
  };
}

/** The stable domain error code of a failed call (`INSUFFICIENT_FUNDS`, ...), if any. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  return apiErrorOf(error)?.domainCode ?? null;
}

export function httpStatusOf(error: unknown): number | null {
  return apiErrorOf(error)?.httpStatus ?? null;
}

/**
 * Whether a failed read should be tried again (both apps' query clients): twice at most, and
 * never after the caller's own mistake or a refusal (a 4xx), which a second try cannot change;
 * a 5xx, a BUSY and a request that got no answer are worth another try.
 */
export function shouldRetryRead(failureCount: number, error: unknown): boolean {
  const status = httpStatusOf(error);
  return failureCount < 2 && !(status !== null && status >= 400 && status < 500);
}

/** The DomainError's details (`{ currency, missing }` for INSUFFICIENT_FUNDS, ...); {} if none. */
export function errorDetailsOf(error: unknown): Record<string, unknown> {
  return apiErrorOf(error)?.details ?? {};
}

/** Input validation problems per field path ("price", "items.0.quantity"). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return Object.fromEntries((apiErrorOf(error)?.fields ?? []).map((f) => [f.path, f.message]));
}
