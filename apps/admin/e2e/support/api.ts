import { WEB_URL } from "./env";

/**
 * A minimal tRPC-over-HTTP client for test setup (the storefront's /api/trpc, bearer token):
 * superjson envelopes (`{ json }`), one call per request. Errors keep the stable domain code.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

type Json = unknown;

async function call<T>(
  kind: "query" | "mutation",
  path: string,
  input: Json,
  token?: string,
  base = `${WEB_URL}/api/trpc`,
): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const url =
    kind === "query"
      ? `${base}/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
      : `${base}/${path}`;
  const response = await fetch(
    url,
    kind === "query" ? { headers } : { method: "POST", headers, body: JSON.stringify({ json: input }) },
  );
  const text = await response.text();
  let body: {
    result?: { data?: { json?: T } };
    error?: { json?: { message?: string; data?: { domainCode?: string } } };
  };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new ApiError(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`, null);
  }
  if (body.error)
    throw new ApiError(`${path}: ${body.error.json?.message ?? "error"}`, body.error.json?.data?.domainCode ?? null);
  return body.result?.data?.json as T;
}

export const api = {
  query: <T>(path: string, input: Json, token?: string) => call<T>("query", path, input, token),
  mutate: <T>(path: string, input: Json, token?: string) => call<T>("mutation", path, input, token),
};

/** The domain code a call fails with (null when it succeeds). */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

export interface Member {
  email: string;
  password: string;
  token: string;
}

/** A fresh member (registered through the API) with a bearer token. */
export async function registerMember(label: string, suffix: string): Promise<Member> {
  const email = `e2e-${label}-${suffix}@trade.test`;
  const password = `pw-${suffix}-long-enough`;
  await api.mutate("auth.register", { email, password, name: `E2E ${label}` });
  const { token } = await api.mutate<{ token: string }>("auth.issueToken", { email, password, name: "admin e2e" });
  return { email, password, token };
}

export interface WalletAccount {
  currency: string;
  available: string;
  frozen: string;
}

export function walletAccounts(member: Member) {
  return api.query<WalletAccount[]>("wallet.accounts", undefined, member.token);
}
