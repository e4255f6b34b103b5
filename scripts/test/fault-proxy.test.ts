import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultProxy } from "../lib/cluster/chaos/fault-proxy.ts";
import { freePort } from "../lib/ports.ts";

/** The chaos test's order<->inventory fault proxy, against a real HTTP server. */
let server: http.Server;
let proxy: FaultProxy;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => res.end(JSON.stringify({ echo: body, path: req.url })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy = new FaultProxy(await freePort(), (server.address() as AddressInfo).port);
  await proxy.start();
  url = `http://127.0.0.1:${proxy.listenPort}`;
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string, timeoutMs = 5_000) =>
  fetch(`${url}/tcc/try`, { method: "POST", body, signal: AbortSignal.timeout(timeoutMs) }).then(
    (r) => r.json() as Promise<{ echo: string; path: string }>,
  );

/** The error code under fetch's "fetch failed" TypeError. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => "answered",
    (e: unknown) => {
      const cause = (e as { cause?: { code?: string; name?: string } }).cause;
      return cause?.code ?? cause?.name ?? (e as { name?: string }).name ?? "error";
    },
  );

describe("FaultProxy", () => {
  it("passes requests both ways unchanged", async () => {
    const body = "x".repeat(100_000);
    await expect(post(body)).resolves.toEqual({ echo: body, path: "/tcc/try" });
  });

  it("delays every exchange by at least the delay, in order", async () => {
    proxy.setDelay(300);
    try {
      const startedAt = Date.now();
      const answers = await Promise.all(["a", "b", "c"].map((b) => post(b)));
      // A request and its answer both wait: at least 2 x 300 ms.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(590);
      expect(answers.map((a) => a.echo)).toEqual(["a", "b", "c"]);
    } finally {
      proxy.setDelay(0);
    }
  });

  it("a delay longer than the caller's timeout times the call out", async () => {
    proxy.setDelay(1_000);
    try {
      expect(await failure(post("slow", 300))).toBe("TimeoutError");
    } finally {
      proxy.setDelay(0);
    }
  });

  it("drop resets open connections and new ones; pass heals", async () => {
    proxy.setDelay(500);
    const inFlight = failure(post("in flight"));
    await new Promise((r) => setTimeout(r, 100));
    await proxy.setMode("drop");
    proxy.setDelay(0);
    expect(await inFlight).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    expect(await failure(post("new"))).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    await proxy.setMode("pass");
    await expect(post("healed")).resolves.toMatchObject({ echo: "healed" });
  });

  it("refuse closes the listener (ECONNREFUSED); pass listens again", async () => {
    await proxy.setMode("refuse");
    expect(await failure(post("refused"))).toBe("ECONNREFUSED");
    await proxy.setMode("pass");
    await expect(post("back")).resolves.toMatchObject({ echo: "back" });
  });
});
