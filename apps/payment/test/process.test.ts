import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@trade/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the payment service's process (src/main.ts)", () => {
  it("starts from its environment, answers /health, and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "../src/main.ts")], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        AUTH_SECRET: "a-payment-process-secret-of-32-characters",
        PORT: String(port),
        NODE_ENV: "test",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status, output).toBe(200);
    expect(output).toContain("payment ready");
    child.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).toContain("SIGTERM, draining");
  });

  it("refuses to start with INVENTORY_URL but no service credential", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "../src/main.ts")], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        AUTH_SECRET: "a-payment-process-secret-of-32-characters",
        PORT: String(await freePort()),
        INVENTORY_URL: "http://127.0.0.1:9",
        NODE_ENV: "test",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(output).toContain("SERVICE_TOKEN");
  });
});
