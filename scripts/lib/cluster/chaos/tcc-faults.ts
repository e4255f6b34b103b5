import { waitForTcp } from "../../ports.ts";
import type { Cluster } from "../start-cluster.ts";
import { waitForHealth } from "../services.ts";
import { INVENTORY_PORTS, UPSTREAMS } from "../topology.ts";
import { sleep } from "./client.ts";
import type { Fault } from "./faults.ts";
import { kill } from "./kill.ts";

/**
 * Issue 16's faults, under the same load: the inventory service, the payment service and an
 * order instance killed at the worst moments of a global transaction, and the order<->inventory
 * connections dropped and delayed by the fault proxies. Each heals itself (restart, proxy back
 * to pass) so the next one starts from a whole cluster, and the recovery task must finish what
 * each left open (`recovery` in the table: from the heal until no branch of a transaction begun
 * before it is still TRYING, CONFIRMING or CANCELLING).
 */
export interface TccFault extends Omit<Fault, "atSeconds"> {
  /** Seconds from this fault's start to the next one's. */
  spacingSeconds: number;
  needsPayment?: boolean;
}

/** How long a killed service stays down before it is restarted. */
const DOWN_SECONDS = 3;
/** A delay that outlasts the order side's remote-call timeout (the calls time out). */
const TIMEOUT_DELAY_MS = 3_000;
/** A delay that keeps calls in flight for a moment (to kill a process while they are), each way: the
 * round trip (2 x 700 ms) stays under the order side's 2 s INVENTORY_TIMEOUT_MS. */
const IN_FLIGHT_DELAY_MS = 700;

const delayAll = (c: Cluster, ms: number) => c.proxies.forEach((p) => p.setDelay(ms));

async function restartInventory(c: Cluster, name: string): Promise<void> {
  const port = INVENTORY_PORTS[Number(name.split("-")[1]) - 1];
  const proc = c.restartApp(name);
  await waitForHealth(`http://127.0.0.1:${port}`, 60_000, proc);
}

export const TCC_FAULTS: TccFault[] = [
  {
    // Placements waiting for their Try's answer (held by the delay), and cancels waiting for
    // their Cancel's: the instance dies between the branches. The log rows stay TRYING /
    // CANCELLING; the recovery task cancels them (TRYING after its deadline).
    name: "kill order-2 between Try and Confirm",
    spacingSeconds: 9,
    windowSeconds: 12,
    run: async (c, healed) => {
      // order-1 (killed by an earlier fault, restarted since) must serve when order-2 dies.
      await waitForTcp("127.0.0.1", UPSTREAMS.find((u) => u.name === "order")?.ports[0] ?? 0, 120_000);
      delayAll(c, IN_FLIGHT_DELAY_MS);
      await sleep(IN_FLIGHT_DELAY_MS + 300);
      const killed = kill(c.apps.get("order-2"), "order-2");
      delayAll(c, 0);
      healed();
      return `proxies delayed ${IN_FLIGHT_DELAY_MS} ms; ${killed}`;
    },
  },
  {
    name: "kill inventory-1 mid-load, restart",
    spacingSeconds: 9,
    windowSeconds: 12,
    run: async (c, healed) => {
      const killed = kill(c.services.get("inventory-1"), "inventory-1");
      await sleep(DOWN_SECONDS * 1000);
      await restartInventory(c, "inventory-1");
      healed();
      return `${killed}; restarted after ${DOWN_SECONDS} s`;
    },
  },
  {
    name: "drop order<->inventory connections",
    spacingSeconds: 9,
    windowSeconds: 12,
    run: async (c, healed) => {
      await Promise.all(c.proxies.map((p) => p.setMode("drop")));
      await sleep(3_000);
      await Promise.all(c.proxies.map((p) => p.setMode("pass")));
      healed();
      const reset = c.proxies.reduce((sum, p) => sum + p.stats.reset, 0);
      return `both proxies reset every connection for 3 s (${reset} resets so far)`;
    },
  },
  {
    // Calls time out on the order side while the inventory still gets them, late: a Try that
    // arrives after its transaction's Cancel must hold nothing (no suspension).
    name: "delay order<->inventory beyond the timeout",
    spacingSeconds: 9,
    windowSeconds: 12,
    run: async (c, healed) => {
      delayAll(c, TIMEOUT_DELAY_MS);
      await sleep(4_000);
      delayAll(c, 0);
      healed();
      return `both proxies delayed every chunk ${TIMEOUT_DELAY_MS} ms for 4 s`;
    },
  },
  {
    // Pays whose local step (order PAID, log CONFIRMING) committed and whose Confirm is held by
    // the delay: the payment instance dies before the Confirm's answer. The recovery task
    // confirms them; the member's retried pay answers from the order.
    name: "kill payment-1 during Confirm",
    spacingSeconds: 9,
    windowSeconds: 12,
    needsPayment: true,
    run: async (c, healed) => {
      delayAll(c, IN_FLIGHT_DELAY_MS);
      await sleep(IN_FLIGHT_DELAY_MS + 300);
      const killed = kill(c.services.get("payment-1"), "payment-1");
      delayAll(c, 0);
      // payment-2 serves on: what the kill left open is the recovery task's from here. The
      // restart runs in the background (the next fault need not wait for it).
      healed();
      setTimeout(() => c.restartApp("payment-1"), DOWN_SECONDS * 1000);
      return `proxies delayed ${IN_FLIGHT_DELAY_MS} ms; ${killed}; restarted ${DOWN_SECONDS} s later`;
    },
  },
];
