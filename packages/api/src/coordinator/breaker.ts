import CircuitBreaker from "opossum";
import { DomainError } from "../errors/index.ts";
import type { RemoteInventory } from "../inventory/port.ts";

export interface BreakerOptions {
  /** Each call gives up after this long (the client's own AbortSignal timeout is the same). */
  timeoutMs: number;
  /** How long the breaker stays open before one probe call may pass (half-open). */
  resetMs?: number;
  /** Calls in the rolling window before the failure ratio may open it. */
  volumeThreshold?: number;
}

export interface GuardedInventory extends RemoteInventory {
  /** The breaker's state, for health pages and tests. */
  readonly breakerState: () => "closed" | "open" | "half-open";
  /** Stops the breaker's rolling-window timer. */
  close(): void;
}

/**
 * The inventory client behind one circuit breaker (opossum): every call times out after
 * `timeoutMs`, and once half the calls of the last 10 s failed (at least `volumeThreshold`), the
 * breaker opens and every call fails at once, without a connection attempt, until a probe after
 * `resetMs` passes. An outage so costs a placement one fast INVENTORY_UNAVAILABLE, not a request
 * parked on a dead socket for the timeout with thousands more piling up behind it.
 *
 * A domain error the service answers (a merchant's STOCK_BELOW_LOCKED, NOT_FOUND...) is a healthy
 * service saying no: passed through, never counted as a failure. Everything else (timeout,
 * connection refused, a 5xx, the breaker open) becomes INVENTORY_UNAVAILABLE, with the cause in
 * the message for the log. What the failed call may have done remotely is the caller's to settle
 * (the coordinator log drives a Cancel): a timed-out Try may still have held.
 */
export function guardInventory(client: RemoteInventory, options: BreakerOptions): GuardedInventory {
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    timeout: options.timeoutMs,
    resetTimeout: options.resetMs ?? 2_000,
    volumeThreshold: options.volumeThreshold ?? 5,
    errorThresholdPercentage: 50,
    rollingCountTimeout: 10_000,
    rollingCountBuckets: 10,
    errorFilter: (error: unknown) => error instanceof DomainError,
  });
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return (await breaker.fire(call)) as T;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code = (error as { code?: unknown }).code;
      const cause = error instanceof Error ? error.message : String(error);
      throw new DomainError(
        "INVENTORY_UNAVAILABLE",
        code === "EOPENBREAKER" ? { breaker: "open" } : undefined,
        `inventory unavailable: ${typeof code === "string" ? `${code} ` : ""}${cause}`,
      );
    }
  };
  return {
    kind: "remote",
    tryHold: (txId, lines) => guard(() => client.tryHold(txId, lines)),
    confirm: (txId) => guard(() => client.confirm(txId)),
    cancel: (txId) => guard(() => client.cancel(txId)),
    adjust: (input) => guard(() => client.adjust(input)),
    register: (input) => guard(() => client.register(input)),
    setFlashMode: (input) => guard(() => client.setFlashMode(input)),
    figures: (skuIds) => guard(() => client.figures(skuIds)),
    breakerState: () => (breaker.opened ? "open" : breaker.halfOpen ? "half-open" : "closed"),
    // Open only: half-open lets the next call through as the probe that may close it.
    refusesCalls: () => breaker.opened,
    close: () => breaker.shutdown(),
  };
}
