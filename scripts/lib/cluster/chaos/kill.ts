import type { ManagedProcess } from "../../processes.ts";

/** SIGKILL of the process group (no graceful drain): what a crashed host looks like. */
export function kill(proc: ManagedProcess | undefined, what: string): string {
  if (!proc) throw new Error(`no ${what} to kill`);
  process.kill(-proc.pid, "SIGKILL");
  return `SIGKILL ${proc.name} (pid ${proc.pid})`;
}
