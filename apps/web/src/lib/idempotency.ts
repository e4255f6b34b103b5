"use client";

/**
 * One idempotency key per intent. The key is created when the customer starts an intent (the
 * first click on "Place order" for these items, "Deposit" for this amount...) and kept in
 * sessionStorage until the server confirms, so a double click, a retry after a network error or
 * a page refresh sends the SAME key and the server replays the first result instead of acting
 * twice. A different request (other items, other amount) is a new intent with a new key.
 */
const PREFIX = "trade.intent.";

export function newIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto;
  // randomUUID needs a secure context; getRandomValues does not (e.g. a phone on the LAN).
  if (typeof cryptoApi?.randomUUID === "function") return `web-${cryptoApi.randomUUID()}`;
  const bytes = new Uint8Array(16);
  cryptoApi.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

interface Stored {
  fingerprint: string;
  key: string;
}

function read(scope: string): Stored | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + scope);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

/** The key of the intent `fingerprint` in `scope`: the stored one if it is the same intent, else a new one. */
export function intentKey(scope: string, fingerprint: string): string {
  const stored = read(scope);
  if (stored && stored.fingerprint === fingerprint) return stored.key;
  const key = newIdempotencyKey();
  try {
    sessionStorage.setItem(PREFIX + scope, JSON.stringify({ fingerprint, key } satisfies Stored));
  } catch {
    // storage unavailable (private mode quota): the key still covers double clicks in this page
  }
  return key;
}

/** The intent succeeded: the next one in this scope gets a new key. */
export function finishIntent(scope: string): void {
  try {
    sessionStorage.removeItem(PREFIX + scope);
  } catch {
    // nothing stored
  }
}
