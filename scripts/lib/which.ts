import { accessSync, constants } from "node:fs";
import path from "node:path";

/** Absolute path of `command` on `searchPath` (default: PATH), or undefined. */
export function which(command: string, searchPath = process.env.PATH): string | undefined {
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
