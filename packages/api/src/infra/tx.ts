import { isTransientDbError, type Db, type DbTx } from "@trade/db";
import { DomainError } from "../errors/index.ts";

export interface TxOptions {
  /** Total attempts for transient failures (deadlock, serialization, lock timeout); see configureTx. */
  attempts?: number;
  timeoutMs?: number;
  maxWaitMs?: number;
}

/** Attempts for a client nobody configured (a test's own pool): TX_MAX_ATTEMPTS' default. */
export const DEFAULT_TX_ATTEMPTS = 5;

/**
 * The retry budget travels with the database client, set once where the client is made
 * (getAppDeps, from TX_MAX_ATTEMPTS), so the services that call runTx with only a client need no
 * configuration of their own and never read the environment.
 */
const settings = new WeakMap<Db, { attempts: number }>();

export function configureTx(db: Db, options: { attempts: number }): void {
  settings.set(db, { attempts: options.attempts });
}

/**
 * Runs `work` in one interactive transaction (READ COMMITTED, the session default `createDb`
 * pins: every step locks what it changes explicitly) and retries the whole transaction, with jittered backoff, on transient database
 * failures (deadlock, serialization, lock timeout, no free connection: `isTransientDbError`). A
 * domain error is never retried. What the client sees after the last attempt is a
 * typed BUSY error, never the database's message.
 */
export async function runTx<T>(db: Db, work: (tx: DbTx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  const attempts = options.attempts ?? settings.get(db)?.attempts ?? DEFAULT_TX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { timeout: options.timeoutMs ?? 10_000, maxWait: options.maxWaitMs ?? 5_000 });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (!isTransientDbError(error)) throw error;
      if (attempt >= attempts) throw new DomainError("BUSY", { attempts });
      await sleep(backoffMs(attempt));
    }
  }
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 10 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
