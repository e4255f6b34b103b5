import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseName, dropDatabase, withDatabaseName } from "@trade/db/migrations";
import { testServerUrl } from "@trade/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInventory } from "../src/service.ts";

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let url: string;
beforeAll(async () => {
  url = withDatabaseName(
    await testServerUrl(),
    `trade_inv_proc_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
  );
});
afterAll(async () => {
  if (url) await dropDatabase(url, databaseName(url));
});

describe("the inventory process", () => {
  it("two instances starting at once on a fresh database migrate it once and both serve", async () => {
    const token = randomBytes(24).toString("hex");
    const [a, b] = await Promise.all([
      startInventory({ databaseUrl: url, port: 0, token }),
      startInventory({ databaseUrl: url, port: 0, token }),
    ]);
    try {
      for (const s of [a, b]) expect((await fetch(`${s.url}/health`)).status).toBe(200);
      const applied = await a.db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
      );
      expect(applied.rows[0]?.n).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("main.ts serves on 127.0.0.1 and exits 0 on SIGTERM", async () => {
    const token = randomBytes(24).toString("hex");
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: appRoot,
      env: { ...process.env, INVENTORY_DATABASE_URL: url, INVENTORY_PORT: "0", SERVICE_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const listening = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect((await fetch(`${listening}/health`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("main.ts refuses to start without a long enough SERVICE_TOKEN", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: appRoot,
      env: { ...process.env, INVENTORY_DATABASE_URL: url, INVENTORY_PORT: "0", SERVICE_TOKEN: "short" },
      stdio: "ignore",
    });
    expect(await new Promise((resolve) => child.once("exit", (code) => resolve(code)))).not.toBe(0);
  });
});
