import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "./paths.ts";

const secretFile = path.join(dataDir, "auth-secret");

/**
 * The session-signing secret for local runs: AUTH_SECRET (or NEXTAUTH_SECRET) from the
 * environment, else one generated once and kept in .data/auth-secret, so sessions survive
 * restarts.
 */
export function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET?.trim() || process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  if (existsSync(secretFile)) {
    const stored = readFileSync(secretFile, "utf8").trim();
    if (stored.length >= 32) return stored;
  }
  const generated = randomBytes(32).toString("base64url");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(secretFile, `${generated}\n`, { mode: 0o600 });
  return generated;
}
