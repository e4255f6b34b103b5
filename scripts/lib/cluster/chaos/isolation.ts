import { GATEWAY_URL, INVENTORY_PORTS } from "../topology.ts";

/**
 * The inventory service is not reachable from outside (issue 16): the gateway has no route to it
 * (its paths answer 404 there), and the service itself refuses any call without the service
 * token, or with a wrong one (401). Returns the problems found.
 */
const PATHS = ["/tcc/try", "/tcc/confirm", "/tcc/cancel", "/stock/import", "/stock/adjust", "/stock/figures"];

export async function checkInventoryIsolation(token: string): Promise<string[]> {
  const problems: string[] = [];
  const body = JSON.stringify({ txId: "isolation-probe", lines: [{ skuId: 1, quantity: 1 }] });
  const post = async (url: string, authorization?: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  };
  for (const path of PATHS) {
    // With the real token too: the gateway must not forward it anywhere.
    const status = await post(`${GATEWAY_URL}${path}`, `Bearer ${token}`);
    if (status !== 404) problems.push(`gateway ${path}: HTTP ${status}, expected 404 (no route to the inventory)`);
  }
  const direct = `http://127.0.0.1:${INVENTORY_PORTS[0]}`;
  for (const [what, authorization] of [
    ["no token", undefined],
    ["a wrong token", `Bearer ${"x".repeat(token.length)}`],
    ["a user-style token", "Bearer trade_pat_not-a-service-credential"],
  ] as const) {
    for (const path of ["/tcc/try", "/stock/import"]) {
      const status = await post(`${direct}${path}`, authorization);
      if (status !== 401) problems.push(`inventory ${path} with ${what}: HTTP ${status}, expected 401`);
    }
  }
  return problems;
}
