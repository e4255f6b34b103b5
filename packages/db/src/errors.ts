/**
 * PostgreSQL SQLSTATEs that mean "try the whole transaction again": serialization failure,
 * deadlock, lock timeout. Prisma's adapter wraps the driver error, so the code is looked for
 * on the error and along its `cause` chain rather than trusted to one Prisma code.
 */
const RETRYABLE = new Set(["40001", "40P01", "55P03"]);

export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } };
    };
    // P2010 (raw query failed) carries the SQLSTATE in meta.code.
    if (typeof candidate.meta?.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.meta.code))
      return candidate.meta.code;
    if (typeof candidate.originalCode === "string" && /^[0-9A-Z]{5}$/.test(candidate.originalCode))
      return candidate.originalCode;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate.code;
    const adapterCause = candidate.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof adapterCause === "string") return adapterCause;
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
