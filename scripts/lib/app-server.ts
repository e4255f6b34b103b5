import path from "node:path";
import { repoRoot } from "./paths.ts";
import { spawnManaged, type ManagedProcess } from "./processes.ts";

/**
 * Starts an app's own server (`apps/<app>/server.ts` under tsx: Next.js for pages, tRPC mounted
 * directly for the API) on `port`; `dev` runs Next in development mode. The same entry as
 * `npm start -w @trade/web`.
 */
export function startAppServer(
  name: string,
  appDir: string,
  options: { port: number; env: NodeJS.ProcessEnv; dev?: boolean; host?: string; nodeArgs?: string[] },
): ManagedProcess {
  const cwd = path.join(repoRoot, appDir);
  const args = [...(options.nodeArgs ?? []), "--import", "tsx", "server.ts", ...(options.dev ? ["--dev"] : [])];
  return spawnManaged(name, process.execPath, args, {
    cwd,
    env: { ...options.env, PORT: String(options.port), ...(options.host ? { HOST: options.host } : {}) },
  });
}
