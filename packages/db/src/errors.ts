/**
 * PostgreSQL SQLSTATEs that mean "try the whole transaction again": serialization failure,
 * deadlock, lock timeout. Prisma's adapter wraps the driver error, so the code is looked for
 * on the error and along its `cause` chain rather than trusted to one Prisma code.
 */
const RETRYABLE = new Set(["40001", "40P01", "55P03"]);

/**
 * SQLSTATEs and Prisma codes that mean "the database could not take this now", not "this request
 * is wrong": the retryable ones above, no free connection (53300 too_many_connections, Prisma's
 * P2037), the pool's wait or the interactive transaction's own timeout (P2024, P2028). A request
 * that ends on one of these after its retries is BUSY (503), never INTERNAL.
 */
const TRANSIENT_SQLSTATES = new Set(["53300"]);
const TRANSIENT_PRISMA_CODES = new Set(["P2024", "P2028", "P2034", "P2037"]);

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

/** Transient capacity or contention failure (see TRANSIENT_*): worth a retry, answered as BUSY. */
export function isTransientDbError(error: unknown): boolean {
  if (isRetryableDbError(error)) return true;
  const code = pgErrorCode(error);
  if (code && TRANSIENT_SQLSTATES.has(code)) return true;
  const prismaCode = (error as { code?: unknown } | null)?.code;
  return typeof prismaCode === "string" && TRANSIENT_PRISMA_CODES.has(prismaCode);
}

/**
 * The server went away or cannot take writes: connection classes 08 (connection exception),
 * 57P01-57P03 (shutdown, crash, not accepting connections yet), 25006 (read-only transaction: a
 * standby not promoted yet), and the driver's own errors for a dropped or refused socket. During
 * a failover the whole request may be retried with its idempotency key: the outcome of a COMMIT
 * that broke is then found by the key, never guessed.
 * Every code along the error's chain is looked at, the driver adapter's `kind` and the message
 * too: a refused connection has no SQLSTATE at all.
 */
const UNAVAILABLE = new Set(["57P01", "57P02", "57P03", "25006", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);
/** Prisma's driver-adapter error kinds for the same situations. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);
const SOCKET_MESSAGES =
  /connection terminated|Connection ended|server closed the connection|terminating connection|the database system is (starting up|shutting down|in recovery mode)|read-only transaction|Client has encountered a connection error|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Can't reach database server/i;

export function isDatabaseUnavailableError(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 24; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== "object") continue;
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      originalMessage?: unknown;
      kind?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: unknown };
    };
    for (const code of [candidate.code, candidate.originalCode, candidate.meta?.code]) {
      if (typeof code === "string" && (code.startsWith("08") || UNAVAILABLE.has(code))) return true;
    }
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    for (const message of [candidate.message, candidate.originalMessage]) {
      if (typeof message === "string" && SOCKET_MESSAGES.test(message)) return true;
    }
    pending.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return false;
}
