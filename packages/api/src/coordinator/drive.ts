import type { DbTx } from "@trade/db";
import type { RemoteInventory, SettleOutcome } from "../inventory/port.ts";
import { recordFailure, transition } from "./log.ts";

/** What one drive of a decided global transaction came to. */
export type DriveResult = "done" | "failed";

/**
 * Second phase of a decided global transaction: calls the participant (Confirm for CONFIRMING,
 * Cancel for CANCELLING) and, when it answers done, moves the log to its final state. Any failure
 * (timeout, breaker open, the service down) leaves the row as it is for the job's recovery, with
 * the error kept and the next attempt backed off; so does an answer the log rules out (Confirm
 * told CANCELLED, Cancel told CONFIRMED: a broken invariant for an operator, alerted on once the
 * attempts pile up). Safe to run any number of times, from anywhere: the participant's fence
 * makes a repeated call do nothing, and the final transition is guarded.
 */
export async function drive(
  db: DbTx,
  inventory: RemoteInventory,
  txId: string,
  state: "CONFIRMING" | "CANCELLING",
): Promise<DriveResult> {
  let outcome: SettleOutcome;
  try {
    outcome = state === "CONFIRMING" ? await inventory.confirm(txId) : await inventory.cancel(txId);
  } catch (error) {
    await recordFailure(db, txId, `${state === "CONFIRMING" ? "confirm" : "cancel"}: ${describe(error)}`);
    return "failed";
  }
  if (!outcome.ok) {
    await recordFailure(db, txId, `${state === "CONFIRMING" ? "confirm" : "cancel"} answered ${outcome.code}`);
    return "failed";
  }
  await transition(db, txId, [state], state === "CONFIRMING" ? "CONFIRMED" : "CANCELLED");
  return "done";
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
