import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createTradeClient } from "../../src/client.ts";
import { createTrpcHandler } from "../../src/http.ts";
import type { AppDeps } from "../../src/trpc.ts";
import { createTestApp, type TestApp } from "../../src/testing/index.ts";
import { key } from "./fixtures.ts";

/** Session auth stand-in: a cookie "uid=<id>" (the apps use next-auth's JWT cookie). */
export async function uidCookieSession(headers: Headers): Promise<number | null> {
  return Number(/uid=(\d+)/.exec(headers.get("cookie") ?? "")?.[1]) || null;
}

/**
 * The app servers' own API handler on a plain Node HTTP server on 127.0.0.1: the wire as API
 * consumers see it. The caller closes the server.
 */
export async function serveApi(deps: AppDeps): Promise<{ url: string; server: Server }> {
  const server = createServer(createTrpcHandler({ endpoint: "/api/trpc", deps, sessionUserId: uidCookieSession }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`, server };
}

/** A test app and its API over HTTP for one test file: started before its tests, stopped after them. */
export function useHttpApi(): { readonly app: TestApp; readonly url: string } {
  let app: TestApp | undefined;
  let served: { url: string; server: Server } | undefined;
  beforeAll(async () => {
    app = await createTestApp();
    served = await serveApi(app.deps);
  });
  afterAll(async () => {
    served?.server.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useHttpApi: read app and url inside a test, after beforeAll");
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get url() {
      return started(served).url;
    },
  };
}

export const PASSPHRASE = "a long passphrase";

/** A newly registered member, signed in with a bearer token (`tokenName` names the token). */
export async function registeredClient(url: string, options: { emailPrefix?: string; tokenName?: string } = {}) {
  const anon = createTradeClient({ url });
  const email = `${options.emailPrefix ?? "api"}-${key()}@example.com`;
  await anon.auth.register.mutate({ email, password: PASSPHRASE, name: "API user" });
  const issued = await anon.auth.issueToken.mutate({ email, password: PASSPHRASE, name: options.tokenName });
  return { anon, email, issued, trade: createTradeClient({ url, token: issued.token }) };
}
