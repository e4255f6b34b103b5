import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type ErrorRegistry } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { MigrationAdapterFactory } from "./adapter.ts";
import { migrateDebugEnabled } from "../env.ts";

export type { SchemaEngine };

let loading: Promise<typeof bg> | undefined;

/**
 * The package is a bundler-target wasm-bindgen build (its entry `import`s the .wasm file), which
 * plain Node cannot load. So we instantiate the .wasm ourselves against its JS glue, once per
 * process: the glue keeps the instance in a module-level variable shared by every engine.
 */
function loadWasm(): Promise<typeof bg> {
  loading ??= (async () => {
    installPanicRegistry();
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": withUnrefTimers(bg) });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg;
  })();
  loading.catch(() => {
    loading = undefined; // let a later call retry instead of caching the failure forever
  });
  return loading;
}

/**
 * The engine arms a 10 s timer for every advisory-lock wait (its "Timed out trying to acquire a
 * postgres advisory lock" guard) and never clears it, so each command kept Node alive ~10 s after
 * it had finished. Unref'd timers still fire while the process is busy but no longer hold it open.
 */
function withUnrefTimers(glue: typeof bg): WebAssembly.ModuleImports {
  // Every export of the glue is a function (or the engine class), i.e. a valid import value.
  const imports = { ...glue } as unknown as WebAssembly.ModuleImports;
  for (const name of Object.keys(imports)) {
    if (!name.startsWith("__wbg_setTimeout_")) continue;
    imports[name] = (callback: () => void, ms: number) => {
      const timer = setTimeout(callback, ms >>> 0);
      timer.unref();
      return timer;
    };
  }
  return imports;
}

interface PanicRegistry {
  message: string;
  set_message(message: string): void;
}

/**
 * The message of the last Rust panic, if any. Some panics happen inside a future the glue polls
 * from a microtask, so they surface as an uncaught RuntimeError ("unreachable") instead of a
 * rejected promise; a CLI can print this from its uncaughtException handler. After a panic the
 * WASM instance is unusable: exit.
 */
export function lastEnginePanic(): string | undefined {
  return installPanicRegistry().message || undefined;
}

/** The glue reports Rust panics through this global before throwing a bare RuntimeError. */
function installPanicRegistry(): PanicRegistry {
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
  holder.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message: string) {
      this.message = message;
    },
  };
  return holder.PRISMA_WASM_PANIC_REGISTRY;
}

/**
 * Opens a schema engine on `databaseUrl`, runs `fn`, and always frees the engine and closes every
 * connection (and shadow database) it opened, even when `fn` throws.
 */
export async function withSchemaEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const wasm = await loadWasm();
  const factory = new MigrationAdapterFactory(databaseUrl);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const log = migrateDebugEnabled()
    ? (line: string) => process.stderr.write(`[schema-engine] ${line}\n`)
    : () => undefined;
  let engine: SchemaEngine | undefined;
  try {
    engine = await wasm.SchemaEngine.new({ datamodels: undefined }, log, bound).catch((error: unknown) => {
      throw engineError(error, bound.errorRegistry);
    });
    return await fn(engine).catch((error: unknown) => {
      throw engineError(error, bound.errorRegistry);
    });
  } finally {
    engine?.free();
    await factory.closeAll();
  }
}

/**
 * Engine errors normally arrive as readable SchemaConnectorErrors and pass through. An error that
 * carries an `id` points into the bound adapter's error registry (that is how Prisma's CLI maps a
 * JS-side failure back); return the original error then. A Rust panic that does reject the promise
 * is a bare RuntimeError whose real message is in the panic registry.
 */
function engineError(error: unknown, registry: ErrorRegistry): unknown {
  const id = (error as { id?: unknown } | null)?.id;
  if (typeof id === "number") {
    const record = registry.consumeError(id);
    if (record) return record.error;
  }
  if (error instanceof WebAssembly.RuntimeError) {
    const panic = installPanicRegistry();
    return new Error(`Schema engine panicked: ${panic.message || error.message}`, { cause: error });
  }
  if (error instanceof Error) return error;
  return new Error(`Schema engine error: ${JSON.stringify(error)}`);
}
