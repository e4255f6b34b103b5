import { DomainError, errorCodes, type ErrorCode } from "../errors/index.ts";
import type { StockImportRow } from "./handover.ts";
import type { RemoteInventory, SettleOutcome, StockAdjustment, StockFigures, StockLine, TryOutcome } from "./port.ts";

/**
 * The typed HTTP client of the inventory service: the remote adapter of the port (`@trade/api/inventory`). It lives with the coordinator, not in apps/inventory, so that dependencies point one way (the service builds on @trade/api, never the reverse).
 * - Round-robin over `urls`; an idempotent call (Try, Confirm, Cancel, figures, register) that
 *   cannot connect goes on to the next instance; the others fail at once (a repeated adjustment
 *   would count twice).
 * - Every call is bounded by `AbortSignal.timeout(timeoutMs)`; a timeout is never retried here
 *   (the coordinator's breaker and log decide what happens next).
 * - The service's domain errors come back as `DomainError` with the same code; anything else (no
 *   instance reachable, a timeout, a 500, an answer that is not the service's) is an
 *   `InventoryUnavailableError`.
 */
export interface InventoryClientOptions {
  urls: string[];
  token: string;
  timeoutMs: number;
}

/** The service could not answer (unreachable, timed out, or failed): not a domain refusal. */
export class InventoryUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: "unreachable" | "timeout" | "failed",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "InventoryUnavailableError";
  }
}

const knownCodes = new Set<string>(errorCodes);

/**
 * The port plus the handover's bulk registration (`POST /stock/import`, up to 1000 SKUs, idempotent:
 * a SKU the service knows is left as it is), used by `handOverStock` in @trade/api.
 */
export type InventoryClient = RemoteInventory & {
  importStock(skus: StockImportRow[]): Promise<{ imported: number }>;
};

export function createInventoryClient(options: InventoryClientOptions): InventoryClient {
  const urls = options.urls.map((u) => u.replace(/\/+$/, ""));
  if (urls.length === 0) throw new Error("createInventoryClient: no url");
  const authorization = `Bearer ${options.token}`;
  let turn = 0;

  async function call<T>(path: string, body: unknown, idempotent: boolean): Promise<T> {
    const first = turn++ % urls.length;
    const tries = idempotent ? urls.length : 1;
    let lastError: unknown;
    for (let i = 0; i < tries; i++) {
      const base = urls[(first + i) % urls.length] as string;
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        if (isTimeout(error))
          throw new InventoryUnavailableError(`inventory ${path} timed out`, "timeout", { cause: error });
        lastError = error;
        continue;
      }
      return answer<T>(path, response);
    }
    throw new InventoryUnavailableError(`inventory ${path}: no instance reachable`, "unreachable", {
      cause: lastError,
    });
  }

  return {
    kind: "remote",
    tryHold: (txId: string, lines: StockLine[]) => call<TryOutcome>("/tcc/try", { txId, lines }, true),
    confirm: (txId: string) => call<SettleOutcome>("/tcc/confirm", { txId }, true),
    cancel: (txId: string) => call<SettleOutcome>("/tcc/cancel", { txId }, true),
    adjust: (input: StockAdjustment) => call<StockFigures>("/stock/adjust", input, false),
    register: async (input) => void (await call<unknown>("/stock/register", input, true)),
    setFlashMode: (input) => call<StockFigures>("/stock/flash", input, false),
    figures: async (skuIds: number[]) => {
      const rows = skuIds.length === 0 ? [] : await call<StockFigures[]>("/stock/figures", { skuIds }, true);
      return new Map(rows.map((r) => [r.id, r]));
    },
    importStock: (skus) => call<{ imported: number }>("/stock/import", { skus }, true),
  };
}

async function answer<T>(path: string, response: Response): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (isTimeout(error))
      throw new InventoryUnavailableError(`inventory ${path} timed out`, "timeout", { cause: error });
    throw new InventoryUnavailableError(`inventory ${path}: answer is not JSON (${response.status})`, "failed");
  }
  if (response.ok) return body as T;
  const refusal = body as { ok?: unknown; code?: unknown; details?: unknown } | null;
  const code = typeof refusal?.code === "string" ? refusal.code : "";
  // A domain refusal keeps its code. The service's own failure (INTERNAL) and a refused service
  // credential (a deployment fault: the buyer must not be told to sign in) are not refusals.
  if (response.status < 500 || code === "BUSY") {
    if (knownCodes.has(code) && code !== "INTERNAL" && code !== "UNAUTHORIZED") {
      const details =
        refusal?.details && typeof refusal.details === "object" ? (refusal.details as Record<string, unknown>) : {};
      throw new DomainError(code as ErrorCode, details);
    }
  }
  throw new InventoryUnavailableError(`inventory ${path} failed (${response.status} ${code})`, "failed");
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}
