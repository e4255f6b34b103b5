import { pino, type Logger } from "pino";

export type { Logger };

/**
 * One JSON object per line on stdout (pino's format), tagged with the service and the pid.
 * Written synchronously: pino's default stdout stream writes through libuv's thread pool, and at
 * process.exit its exit hook writes what is still buffered at once while an earlier line may
 * still be queued in the pool, which then lands after it ("job stopped" was not always the last
 * line). The job logs a few lines a second at most, so a write per line costs nothing.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "job", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
