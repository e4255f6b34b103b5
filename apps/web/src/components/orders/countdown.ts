"use client";

import { useEffect, useState } from "react";

/**
 * "Now" on the server's clock. The first render uses `serverNow` (the server's time when it
 * rendered the page), so hydration matches; then the browser's clock, corrected by its offset to
 * the server measured with /api/time (half the round trip added). The page's own `serverNow` is
 * not used for the offset: a page restored from the router cache may be minutes old.
 */
export function useServerClock(serverNow: number, tickMs = 250): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    let offset = 0;
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, tickMs);
    const controller = new AbortController();
    const sent = Date.now();
    fetch("/api/time", { cache: "no-store", signal: controller.signal })
      .then((response) => response.json() as Promise<{ now: number }>)
      .then(({ now: server }) => {
        const received = Date.now();
        const measured = server + (received - sent) / 2 - received;
        // Under a second is measurement noise, not a wrong clock.
        offset = Math.abs(measured) < 1_000 ? 0 : measured;
        tick();
      })
      .catch(() => undefined);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [tickMs]);
  return now;
}

export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
