import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@trade/db/local";
import { freePort } from "../lib/ports.ts";
import { closedAncestor, postgresDataDir } from "../lib/postgres-data-dir.ts";

/**
 * `npm start` as root in a clone other users cannot enter (issue 13): the embedded PostgreSQL
 * runs as `postgres`, so its data moves out of the clone to a directory that user can reach,
 * and stays there across restarts.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), "trade-data-dir-test-"));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const asRoot = process.getuid?.() === 0;

function clone(name: string, mode: number): string {
  const home = path.join(scratch, name);
  mkdirSync(path.join(home, "clone"), { recursive: true });
  chmodSync(home, mode);
  return path.join(home, "clone");
}

describe("the embedded PostgreSQL's data directory", () => {
  it("stays in the clone when every directory on the way is open, or when not root", () => {
    const open = clone("open-home", 0o755);
    expect(closedAncestor(path.join(open, ".data"))).toBeNull();
    expect(postgresDataDir(path.join(open, ".data"), { root: true, repoRoot: open })).toEqual({
      dir: path.join(open, ".data/pg"),
      relocated: null,
    });
    const closed = clone("closed-home-1", 0o700);
    expect(postgresDataDir(path.join(closed, ".data"), { root: false, repoRoot: closed })).toEqual({
      dir: path.join(closed, ".data/pg"),
      relocated: null,
    });
  });

  it("as root in a private clone: moved under the state root, one stable directory per clone", () => {
    const stateRoot = path.join(scratch, "state");
    const a = clone("closed-home-2", 0o700);
    const b = clone("closed-home-3", 0o700);
    const first = postgresDataDir(path.join(a, ".data"), { root: true, repoRoot: a, stateRoot });
    expect(first.relocated).toBe(path.dirname(a));
    expect(first.dir.startsWith(`${stateRoot}/`)).toBe(true);
    expect(path.basename(first.dir)).toBe("pg");
    expect(postgresDataDir(path.join(a, ".data"), { root: true, repoRoot: a, stateRoot }).dir).toBe(first.dir);
    expect(postgresDataDir(path.join(b, ".data"), { root: true, repoRoot: b, stateRoot }).dir).not.toBe(first.dir);
  });

  it.runIf(asRoot)(
    "as root in a private clone: the server starts there, and its data survives a restart",
    async () => {
      const stateRoot = path.join(scratch, "state-live");
      mkdirSync(stateRoot, { recursive: true });
      chmodSync(stateRoot, 0o755);
      const repo = clone("closed-home-live", 0o700);
      const { dir } = postgresDataDir(path.join(repo, ".data"), { root: true, repoRoot: repo, stateRoot });
      mkdirSync(path.dirname(dir), { recursive: true });
      chmodSync(path.dirname(dir), 0o755);
      const port = await freePort();
      const query = async (url: string, sql: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query<{ v: string }>(sql)).rows;
        } finally {
          await client.end();
        }
      };
      const first = await startEmbeddedPostgres({ dataDir: dir, port, persistent: true });
      try {
        await query(first.serverUrl, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      } finally {
        await first.stop();
      }
      const second = await startEmbeddedPostgres({ dataDir: dir, port, persistent: false });
      try {
        expect(await query(second.serverUrl, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
      } finally {
        await second.stop();
      }
    },
    120_000,
  );
});
