import { GATEWAY_URL } from "../topology.ts";

/**
 * The chaos test's HTTP client: raw tRPC over the gateway, so every status is seen. 502/503/504,
 * a dropped connection and IDEMPOTENCY_IN_FLIGHT are retried with the SAME input (the same
 * idempotency key) until an answer or the op's deadline; every response is recorded.
 */
export interface Response {
  at: number;
  status: number;
}

export interface Op {
  kind: "register" | "token" | "deposit" | "withdraw" | "place" | "pay" | "cancel" | "read" | "admin";
  member: number;
  key?: string;
  orderId?: number;
  startedAt: number;
  responses: Response[];
  /** ok: acknowledged; refused: a domain answer (sold out, expired...); failed: no answer. */
  outcome: "ok" | "refused" | "failed";
  domainCode?: string;
  data?: unknown;
}

const RETRY_STATUSES = new Set([502, 503, 504]);
export const ops: Op[] = [];
export const t0 = { at: Date.now() };
const now = () => (Date.now() - t0.at) / 1000;

interface TrpcBody {
  result?: { data?: { json?: unknown } };
  error?: { json?: { data?: { domainCode?: string; httpStatus?: number } } };
}

export async function call(
  op: Omit<Op, "startedAt" | "responses" | "outcome">,
  procedure: string,
  input: unknown,
  options: { token?: string; query?: boolean; deadlineMs?: number } = {},
): Promise<Op> {
  const record: Op = { ...op, startedAt: now(), responses: [], outcome: "failed" };
  ops.push(record);
  const deadline = Date.now() + (options.deadlineMs ?? 45_000);
  const payload = JSON.stringify({ json: input });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    let status = 0;
    let body: TrpcBody | undefined;
    try {
      const url = options.query
        ? `${GATEWAY_URL}/api/trpc/${procedure}?input=${encodeURIComponent(payload)}`
        : `${GATEWAY_URL}/api/trpc/${procedure}`;
      const res = await fetch(url, {
        method: options.query ? "GET" : "POST",
        headers,
        body: options.query ? undefined : payload,
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      body = (await res.json().catch(() => undefined)) as TrpcBody | undefined;
    } catch {
      status = 0; // connection refused / reset / timed out: no answer
    }
    record.responses.push({ at: now(), status });
    const domainCode = body?.error?.json?.data?.domainCode;
    if (status === 0 || RETRY_STATUSES.has(status) || domainCode === "IDEMPOTENCY_IN_FLIGHT") {
      await sleep(Math.min(2_000, 150 * attempt));
      continue;
    }
    if (status === 200 && body?.result?.data) {
      record.outcome = "ok";
      record.data = body.result.data.json;
    } else {
      record.outcome = "refused";
      record.domainCode = domainCode ?? `HTTP_${status}`;
    }
    return record;
  }
  return record;
}

/** A plain GET through the gateway (pages), recorded like an API call. */
export async function get(op: Omit<Op, "startedAt" | "responses" | "outcome">, path: string): Promise<Op> {
  const record: Op = { ...op, startedAt: now(), responses: [], outcome: "failed" };
  ops.push(record);
  for (let attempt = 1; attempt <= 5; attempt++) {
    let status = 0;
    try {
      const res = await fetch(`${GATEWAY_URL}${path}`, { redirect: "manual", signal: AbortSignal.timeout(15_000) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    record.responses.push({ at: now(), status });
    if (status === 0 || RETRY_STATUSES.has(status)) {
      await sleep(300 * attempt);
      continue;
    }
    record.outcome = status < 400 ? "ok" : "refused";
    if (status >= 400) record.domainCode = `HTTP_${status}`;
    return record;
  }
  return record;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function secondsSinceStart(): number {
  return now();
}
