"use client";

import { useEffect, useState } from "react";

/**
 * "Now" on the server's clock. `serverNow` is the server's time when it rendered the page; the
 * first render uses it exactly (so hydration matches), then the browser's clock corrected by
 * the measured difference. A difference under 2 s is transfer time, not clock skew: ignored.
 */
export function useServerClock(serverNow: number, tickMs = 250): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const measured = serverNow - Date.now();
    const offset = Math.abs(measured) < 2_000 ? 0 : measured;
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, tickMs);
    return () => clearInterval(timer);
  }, [serverNow, tickMs]);
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
