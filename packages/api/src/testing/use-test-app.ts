import { afterAll, beforeAll } from "vitest";
import { createTestApp, type TestApp } from "./test-app.ts";

/**
 * Starts `start()` before the tests of the file (or of the describe block it is called in) and
 * closes it after them. The getter is for tests and hooks: at collection time nothing has started
 * yet, which it says instead of handing out undefined.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  return () => {
    if (!started) throw new Error("not started: call the getter inside a test or a hook");
    return started;
  };
}

/**
 * A test app (its own database) for the tests of a file or describe block. `prepare` runs once
 * on it before them (a schema change the file needs); should it fail, the app is closed all the
 * same.
 */
export function useTestApp(
  options?: Parameters<typeof createTestApp>[0],
  prepare?: (app: TestApp) => Promise<unknown>,
): () => TestApp {
  return useStarted(async () => {
    const app = await createTestApp(options);
    try {
      await prepare?.(app);
    } catch (error) {
      await app.close();
      throw error;
    }
    return app;
  });
}
