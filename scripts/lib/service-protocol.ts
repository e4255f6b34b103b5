/** Messages between a repo script (parent) and scripts/lib/service-host.ts (child, over IPC). */

export type ServiceSpec =
  | {
      kind: "postgres";
      dataDir: string;
      port: number;
      /** false: the data directory is deleted when the server stops (test runs). */
      persistent: boolean;
      /** Created if missing; the ready message's `url` points at it. */
      database?: string;
    }
  | { kind: "redis"; command: string; port: number; dir: string };

export type HostMessage = { type: "ready"; serverUrl: string; url: string } | { type: "error"; message: string };

export type ParentMessage = { type: "stop" };
