import { createServer as createTcpServer } from "node:net";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach } from "vitest";

/**
 * Scripted HTTP servers on 127.0.0.1 for the tests of an HTTP client (the inventory client and
 * what reads through it): each answers by its script and records what reached it. A real server
 * and a real socket, so the client's own fetch, timeouts and failovers run as in production;
 * only the other side's answers are chosen by the test.
 */
export interface SeenRequest {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}
export type Script = (seen: SeenRequest, res: ServerResponse) => void;

/** A JSON answer with `status`. */
export const jsonAnswer = (status: number, body: unknown) => (_seen: SeenRequest, res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Servers closed after each test of the file that calls it (at collection time). */
export function useScriptedHttp(): (script: Script) => Promise<{ url: string; seen: SeenRequest[] }> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((s) => {
        s.closeAllConnections();
        return new Promise<void>((r) => s.close(() => r()));
      }),
    );
  });
  return async (script) => {
    const seen: SeenRequest[] = [];
    const server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const entry = {
          path: req.url ?? "",
          authorization: req.headers.authorization,
          contentType: req.headers["content-type"],
          body,
        };
        seen.push(entry);
        script(entry, res);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
  };
}

/** A url nothing listens on (a port bound, then closed): a connection there is refused. */
export async function deadUrl(): Promise<string> {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
