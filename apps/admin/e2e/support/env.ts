/**
 * Where the apps under test listen: scripts/e2e.ts passes E2E_WEB_URL and E2E_ADMIN_URL (web on
 * :3000, the admin on :3001 under /admin unless those ports are taken). The admin project's
 * baseURL is the same admin URL; absolute URLs keep the cross-app steps explicit.
 */
export const WEB_URL = (process.env.E2E_WEB_URL ?? "http://localhost:3000").replace(/\/+$/, "");
export const ADMIN_URL = (process.env.E2E_ADMIN_URL ?? "http://localhost:3001/admin").replace(/\/+$/, "");

/** Seeded by `npm run db:seed` (packages/api/src/seed/demo.ts). */
export const DEMO_PASSWORD = "demo-password-1";
export const MERCHANT_EMAIL = "merchant1@trade.test";
export const OPERATOR_EMAIL = "ops@trade.test";
export const MEMBER_EMAIL = "demo@trade.test";

/** A suffix that keeps names unique across runs on the same database. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
