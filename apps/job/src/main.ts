// Placeholder worker: the job helper replaces this with the real scheduler. It proves the
// process wiring: one JSON log line on start, a clean exit on SIGTERM/SIGINT.
const log = (msg: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), service: "job", msg, ...extra }));

log("job started (placeholder, no work scheduled yet)", { pid: process.pid });

// Keeps the event loop alive until a signal arrives.
const keepAlive = setInterval(() => undefined, 60_000);

function shutdown(signal: NodeJS.Signals): void {
  clearInterval(keepAlive);
  log("job stopped", { signal });
  process.exit(0);
}

process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
