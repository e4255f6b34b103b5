"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/** False during server rendering and hydration, true afterwards (for browser-only values). */
export function useMounted(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
