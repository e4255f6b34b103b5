/**
 * HTTP load with autocannon. Authenticated phases run one autocannon instance per member with
 * one connection each, so every connection carries its own bearer token (autocannon shares the
 * request objects between the connections of one instance). Latencies come from autocannon's
 * per-response event and are aggregated exactly; every non-2xx body is read for its domain code.
 */
import autocannon from "autocannon";
import { type CpuSampler } from "./cpu.ts";
import { Recorder, type PhaseResult } from "./stats.ts";

interface TrpcErrorBody {
  error?: { json?: { data?: { domainCode?: unknown; httpStatus?: unknown } } };
}

/** `status DOMAIN_CODE` of a tRPC error response ("500 ?" when it has none). */
export function failureKey(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as TrpcErrorBody;
    const code = parsed.error?.json?.data?.domainCode;
    return `${status} ${typeof code === "string" ? code : "(no domain code)"}`;
  } catch {
    return `${status} (not a tRPC error body)`;
  }
}

export async function trpcMutation<T>(baseUrl: string, procedure: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ json: input }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${procedure}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

export async function trpcQuery<T>(baseUrl: string, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(
    `${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`${procedure}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** Bearer tokens through `auth.issueToken` (argon2 verification per login), `parallel` at a time. */
export async function issueTokens(
  baseUrl: string,
  emails: string[],
  password: string,
  parallel = 4,
): Promise<string[]> {
  const tokens: string[] = new Array<string>(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < emails.length; i = next++) {
        const issued = await trpcMutation<{ token: string }>(baseUrl, "auth.issueToken", {
          email: emails[i],
          password,
          name: "bench",
        });
        tokens[i] = issued.token;
      }
    }),
  );
  return tokens;
}

export interface MemberLoad {
  name: string;
  baseUrl: string;
  /** One connection per token. */
  tokens: string[];
  path: string;
  /** Body of the next request of member `i` (null: this member has nothing left to send). */
  body: (member: number) => string | null;
  /** Stop after this many seconds. */
  duration: number;
  /** Per member: at most this many requests (e.g. the orders it has to pay). */
  amounts?: number[];
  cpu?: CpuSampler;
}

/** Runs `tokens.length` concurrent authenticated clients for `duration` seconds. */
export async function runMemberLoad(load: MemberLoad): Promise<PhaseResult> {
  const recorder = new Recorder();
  const instances: autocannon.Instance[] = [];
  const done: Promise<autocannon.Result>[] = [];
  let transport = 0;
  load.cpu?.start();
  recorder.start();
  load.tokens.forEach((token, member) => {
    const amount = load.amounts?.[member];
    if (amount === 0) return;
    const first = load.body(member);
    if (first === null) return;
    let pending: string | null = first;
    const options: autocannon.Options = {
      url: `${load.baseUrl}${load.path}`,
      connections: 1,
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      timeout: 30,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const body = pending ?? load.body(member);
            pending = null;
            return { ...request, body: body ?? "{}" };
          },
          onResponse: (status, body) => {
            if (status >= 300) {
              recorder.fail(failureKey(status, body));
              if (status >= 500) recorder.serverErrors++;
            }
          },
        },
      ],
      ...(amount !== undefined ? { amount } : { duration: load.duration }),
    };
    done.push(
      new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(options, (error: unknown, result: autocannon.Result) =>
          error
            ? reject(error instanceof Error ? error : new Error("autocannon failed", { cause: error }))
            : resolve(result),
        );
        instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) =>
          recorder.record(responseTime, status < 300),
        );
        instances.push(instance);
      }),
    );
  });
  const stopTimer = setTimeout(() => instances.forEach((i) => i.stop()), load.duration * 1000 + 250);
  const results = await Promise.all(done);
  clearTimeout(stopTimer);
  recorder.stop();
  for (const r of results) transport += r.errors;
  recorder.transportErrors = transport;
  const result = recorder.result(load.name, done.length);
  result.cpu = await load.cpu?.stop();
  return result;
}

export interface AnonymousLoad {
  name: string;
  url: string;
  connections: number;
  duration: number;
  cpu?: CpuSampler;
}

/** `connections` anonymous clients GETting one URL for `duration` seconds. */
export async function runAnonymousLoad(load: AnonymousLoad): Promise<PhaseResult> {
  const recorder = new Recorder();
  load.cpu?.start();
  recorder.start();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: load.duration,
        timeout: 30,
        requests: [
          {
            method: "GET",
            onResponse: (status, body) => {
              if (status >= 300) {
                recorder.fail(failureKey(status, body));
                if (status >= 500) recorder.serverErrors++;
              }
            },
          },
        ],
      },
      (error: unknown, r: autocannon.Result) =>
        error ? reject(error instanceof Error ? error : new Error("autocannon failed", { cause: error })) : resolve(r),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) =>
      recorder.record(responseTime, status < 300),
    );
  });
  recorder.stop();
  recorder.transportErrors = result.errors;
  const phase = recorder.result(load.name, load.connections);
  phase.cpu = await load.cpu?.stop();
  return phase;
}
