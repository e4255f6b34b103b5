/**
 * PostgreSQL SQLSTATEs that mean "try the whole transaction again": serialization failure,
 * deadlock, lock timeout. Prisma's adapter wraps the driver error, so the code is looked for
 * on the error and along its `cause` chain rather than trusted to one Prisma code.
 */
const RETRYABLE = new Set(["40001", "40P01", "55P03"]);

/** Prisma's own error codes (P1001, P2010, ...): never a SQLSTATE, whatever their shape. */
const PRISMA_CODE = /^P\d{4}$/;

export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } };
    };
    // P2010 (raw query failed) carries the SQLSTATE in meta.code, or (Prisma 7's driver
    // adapters) in meta.driverAdapterError.cause.originalCode. Both are looked at before the
    // error's own code, which for a raw query is Prisma's P2010: taking that first hid every
    // deadlock and lock timeout of a $queryRaw from runTx's retry.
    if (typeof candidate.meta?.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.meta.code))
      return candidate.meta.code;
    const adapterCause = candidate.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof adapterCause === "string") return adapterCause;
    if (typeof candidate.originalCode === "string" && /^[0-9A-Z]{5}$/.test(candidate.originalCode))
      return candidate.originalCode;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code) && !PRISMA_CODE.test(candidate.code))
      return candidate.code;
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
