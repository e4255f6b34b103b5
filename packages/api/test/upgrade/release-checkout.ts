import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The repository this test file belongs to (its git work tree). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");

export interface ReleaseCheckout {
  root: string;
  remove(): Promise<void>;
}

async function git(...args: string[]): Promise<string> {
  return (await run("git", ["-C", REPO_ROOT, ...args])).stdout.trim();
}

/**
 * Checks `commit` out into a temporary git worktree with dependencies and its Prisma client.
 * A shallow clone lacks the release's history: that is a failure with the fix in its message,
 * never a silent skip (CI clones in full, `.ci/run`).
 */
export async function checkoutRelease(commit: string): Promise<ReleaseCheckout> {
  const shallow = await git("rev-parse", "--is-shallow-repository").catch(() => {
    throw new Error(`the upgrade test needs this repository's git history, and ${REPO_ROOT} is not a git clone`);
  });
  if (shallow === "true")
    throw new Error(
      `the upgrade test needs release commit ${commit}, and this clone is shallow: run \`git fetch --unshallow\` (or clone without --depth)`,
    );
  try {
    await git("cat-file", "-e", `${commit}^{commit}`);
  } catch {
    throw new Error(`release commit ${commit} is not in this clone: fetch the full history (\`git fetch origin\`)`);
  }
  const parent = await mkdtemp(path.join(tmpdir(), "trade-release-"));
  const root = path.join(parent, "tree");
  await git("worktree", "add", "--detach", root, commit);
  const remove = async () => {
    await git("worktree", "remove", "--force", root).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    await git("worktree", "prune").catch(() => undefined);
  };
  try {
    await linkDependencies(root, await pinnedDependencies(root));
    // The release's own client, from the release's schema (into its packages/db/src/generated).
    await run(process.execPath, [path.join(REPO_ROOT, "node_modules/prisma/build/index.js"), "generate"], {
      cwd: path.join(root, "packages/db"),
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "./scripts/no-native-engine.sh" },
    });
  } catch (error) {
    await remove();
    throw error;
  }
  return { root, remove };
}

type Lock = { packages: Record<string, { version?: string; link?: boolean }> };

/** A package the release's workspace resolves to another version than today's layout gives it. */
interface Pin {
  workspace: string;
  name: string;
  /** Today's copy of the release's version (a path in today's tree), to link in. */
  from: string;
}

/**
 * The release runs on today's node_modules (installing its own would take minutes): that is
 * sound only while every package the release's db and api declare resolves to the release's
 * version. Where today's layout gives a workspace another version (e.g. the package moved to
 * another workspace, nested there), today's copy of the release's version is linked into the
 * release's workspace; where today has no copy of it, this fails naming them (install the
 * release's lockfile then, npm ci in the checkout, instead of linking).
 */
async function pinnedDependencies(root: string): Promise<Pin[]> {
  const readJson = async <T>(file: string) => JSON.parse(await readFile(file, "utf8")) as T;
  const [then, now] = await Promise.all([
    readJson<Lock>(path.join(root, "package-lock.json")),
    readJson<Lock>(path.join(REPO_ROOT, "package-lock.json")),
  ]);
  // What a workspace resolves: its own nested copy, else the hoisted one.
  const resolved = (lock: Lock, workspace: string, name: string) =>
    (lock.packages[`${workspace}/node_modules/${name}`] ?? lock.packages[`node_modules/${name}`])?.version;
  const pins: Pin[] = [];
  const missing: string[] = [];
  for (const workspace of ["packages/db", "packages/api"]) {
    const manifest = await readJson<{ dependencies?: Record<string, string> }>(
      path.join(root, workspace, "package.json"),
    );
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (name.startsWith("@trade/")) continue;
      const wanted = resolved(then, workspace, name);
      if (wanted === resolved(now, workspace, name)) continue;
      // Any top-level copy in today's tree (hoisted or nested in a workspace), not a dependency's own.
      const copy = Object.keys(now.packages).find(
        (key) =>
          now.packages[key]?.version === wanted &&
          (key === `node_modules/${name}` || new RegExp(`^(apps|packages)/[^/]+/node_modules/${name}$`).test(key)),
      );
      if (copy) pins.push({ workspace, name, from: path.join(REPO_ROOT, copy) });
      else missing.push(`${workspace}: ${name} ${wanted} (today ${resolved(now, workspace, name)})`);
    }
  }
  if (missing.length > 0)
    throw new Error(
      `the release's dependencies are not in today's node_modules (${missing.join(", ")}): linking them would run it on other versions`,
    );
  return pins;
}

/**
 * node_modules for the checkout: a link to each of today's packages, except the workspace
 * links (@trade/*), which must point into the release's own tree (npm's links are relative), and
 * the pinned packages, linked into the workspace that needs them.
 */
async function linkDependencies(root: string, pins: Pin[]): Promise<void> {
  const modules = path.join(REPO_ROOT, "node_modules");
  await mkdir(path.join(root, "node_modules/@trade"), { recursive: true });
  for (const entry of await readdir(modules)) {
    if (entry === "@trade") continue;
    await symlink(path.join(modules, entry), path.join(root, "node_modules", entry));
  }
  for (const entry of await readdir(path.join(modules, "@trade"))) {
    const target = await readlink(path.join(modules, "@trade", entry));
    if (existsSync(path.resolve(root, "node_modules/@trade", target)))
      await symlink(target, path.join(root, "node_modules/@trade", entry));
  }
  // Workspaces' own node_modules (versions npm could not hoist), entry by entry, so pins fit in.
  for (const group of ["apps", "packages"])
    for (const workspace of await readdir(path.join(REPO_ROOT, group))) {
      const nested = path.join(REPO_ROOT, group, workspace, "node_modules");
      if (!existsSync(nested) || !existsSync(path.join(root, group, workspace))) continue;
      const own = path.join(root, group, workspace, "node_modules");
      await mkdir(own);
      for (const entry of await readdir(nested)) {
        if (!entry.startsWith("@")) {
          await symlink(path.join(nested, entry), path.join(own, entry));
          continue;
        }
        // A scope is a real directory here, so a pin inside it never lands in today's tree.
        await mkdir(path.join(own, entry));
        for (const scoped of await readdir(path.join(nested, entry)))
          await symlink(path.join(nested, entry, scoped), path.join(own, entry, scoped));
      }
    }
  for (const pin of pins) {
    const at = path.join(root, pin.workspace, "node_modules", pin.name);
    await mkdir(path.dirname(at), { recursive: true });
    await rm(at, { recursive: true, force: true });
    await symlink(pin.from, at);
  }
}
