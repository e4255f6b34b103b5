/**
 * Place + pay over HTTP (autocannon, one connection per member, as runMemberLoad): each client
 * places one order on a spread SKU, then pays it, then the next. One sample = the pair: its
 * latency is the place's plus the pay's; it is ok when both answered 2xx. `okThroughput` is
 * therefore orders placed AND paid per second.
 */
import autocannon from "autocannon";
import type { CpuSampler } from "./cpu.ts";
import { failureKey } from "./http-load.ts";
import { Recorder, type PhaseResult } from "./stats.ts";

export interface PlacePayLoad {
  name: string;
  baseUrl: string;
  tokens: string[];
  duration: number;
  /** The place body of member `i`'s next order (superjson wire format, a fresh idempotency key). */
  placeBody: (member: number) => string;
  cpu?: CpuSampler;
  /** Called with the time (performance.now()) of every pair that ended ok. */
  onOk?: (at: number) => void;
  /** Ends the load early when it settles (before `duration`). */
  stop?: Promise<unknown>;
}

interface PairState {
  /** Which request the next `response` event is about (onResponse runs just before it). */
  last: "place" | "pay";
  orderId: number | null;
  placeMs: number;
  placeOk: boolean;
}

export async function runPlacePayLoad(load: PlacePayLoad): Promise<PhaseResult> {
  const recorder = new Recorder();
  const instances: autocannon.Instance[] = [];
  const done: Promise<autocannon.Result>[] = [];
  load.cpu?.start();
  recorder.start();
  load.tokens.forEach((token, member) => {
    const state: PairState = { last: "place", orderId: null, placeMs: 0, placeOk: false };
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const options: autocannon.Options = {
      url: load.baseUrl,
      connections: 1,
      method: "POST",
      headers,
      timeout: 30,
      duration: load.duration,
      requests: [
        {
          method: "POST",
          path: "/api/trpc/order.place",
          setupRequest: (request) => ({ ...request, body: load.placeBody(member) }),
          onResponse: (status, body) => {
            state.last = "place";
            state.orderId = null;
            if (status < 300) {
              const parsed = JSON.parse(body) as { result?: { data?: { json?: { id?: number } } } };
              state.orderId = parsed.result?.data?.json?.id ?? null;
            } else {
              recorder.fail(`place ${failureKey(status, body)}`);
              if (status >= 500) recorder.serverErrors++;
            }
          },
        },
        {
          method: "POST",
          path: "/api/trpc/order.pay",
          // A refused place leaves nothing to pay: order 0 is answered NOT_FOUND (a domain error).
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ json: { orderId: state.orderId ?? 0 } }) }),
          onResponse: (status, body) => {
            state.last = "pay";
            if (status >= 300 && state.orderId !== null) {
              recorder.fail(`pay ${failureKey(status, body)}`);
              if (status >= 500) recorder.serverErrors++;
            }
          },
        },
      ],
    };
    done.push(
      new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(options, (error: unknown, result: autocannon.Result) =>
          error
            ? reject(error instanceof Error ? error : new Error("autocannon failed", { cause: error }))
            : resolve(result),
        );
        instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
          if (state.last === "place") {
            state.placeMs = responseTime;
            state.placeOk = status < 300;
          } else {
            const ok = state.placeOk && status < 300;
            recorder.record(state.placeMs + responseTime, ok);
            if (ok) load.onOk?.(performance.now());
          }
        });
        instances.push(instance);
      }),
    );
  });
  const stopTimer = setTimeout(() => instances.forEach((i) => i.stop()), load.duration * 1000 + 250);
  void load.stop?.then(() => instances.forEach((i) => i.stop()));
  const results = await Promise.all(done);
  clearTimeout(stopTimer);
  recorder.stop();
  recorder.transportErrors = results.reduce((sum, r) => sum + r.errors, 0);
  const result = recorder.result(load.name, done.length);
  result.cpu = await load.cpu?.stop();
  return result;
}
