/**
 * PostgreSQL SQLSTATEs that mean "try the whole transaction again": serialization failure,
 * deadlock, lock timeout. Prisma's adapter wraps the driver error, so the code is looked for
 * on the error and along its `cause` chain rather than trusted to one Prisma code.
 */
const RETRYABLE = new Set(["40001", "40P01", "55P03"]);

const SQLSTATE = /^[0-9A-Z]{5}$/;
/**
 * Prisma's own error codes (P1000-P6999) have the shape of a SQLSTATE too. A failed raw query is
 * P2010 with the real SQLSTATE inside `meta.driverAdapterError.cause`: reading `code` first
 * returned "P2010" for every raw-query failure, so deadlocks and lock timeouts in `$queryRaw`
 * were never retried and reached clients as INTERNAL. (PostgreSQL's own P0xxx class, raised by
 * PL/pgSQL, is a SQLSTATE and is kept.)
 */
const PRISMA_CODE = /^P[1-9][0-9]{3}$/;

function sqlState(value: unknown): string | undefined {
  return typeof value === "string" && SQLSTATE.test(value) && !PRISMA_CODE.test(value) ? value : undefined;
}

export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
    };
    const adapterCause = candidate.meta?.driverAdapterError?.cause;
    const found =
      sqlState(adapterCause?.originalCode) ??
      sqlState(adapterCause?.code) ??
      // P2010 (raw query failed) in older shapes carries the SQLSTATE in meta.code.
      sqlState(candidate.meta?.code) ??
      sqlState(candidate.originalCode) ??
      sqlState(candidate.code);
    if (found) return found;
    current = candidate.cause;
  }
  return undefined;
}

export function isRetryableDbError(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code && RETRYABLE.has(code)) return true;
  // Prisma's own codes for write conflicts / deadlocks and interactive-transaction timeouts.
  const prismaCode = (error as { code?: unknown } | null)?.code;
  return prismaCode === "P2034";
}
