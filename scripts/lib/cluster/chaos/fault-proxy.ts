import net from "node:net";

/**
 * A TCP proxy with faults, for the order<->inventory path of the chaos test (docs/scaling.md).
 * Hand-written on `node:net`: Toxiproxy (the well-kept tool for this) is a Go server that is not
 * in Debian's or npm's packages here, and the faults needed are three small ones:
 *   - delay: every chunk, both ways, is held `ms` before it is passed on (order kept);
 *   - drop: every open connection is reset (RST) and new ones are reset on arrival;
 *   - refuse: the listener is closed, so connecting fails with ECONNREFUSED.
 * One proxy per inventory instance; the order side's INVENTORY_URL names the proxies.
 */
export type ProxyMode = "pass" | "drop" | "refuse";

export interface ProxyStats {
  connections: number;
  reset: number;
}

interface Queued {
  at: number;
  chunk: Buffer;
}

export class FaultProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private mode: ProxyMode = "pass";
  private delayMs = 0;
  readonly stats: ProxyStats = { connections: 0, reset: 0 };

  constructor(
    readonly listenPort: number,
    readonly targetPort: number,
    readonly host = "127.0.0.1",
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: this.listenPort, host: this.host, exclusive: true }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Holds every chunk `ms` before passing it on (0: none). Applies to open connections too. */
  setDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  async setMode(mode: ProxyMode): Promise<void> {
    this.mode = mode;
    if (mode === "refuse") {
      // Reset first: `server.close` waits for the open connections to end.
      this.resetAll();
      await this.closeListener();
    } else {
      await this.start();
      if (mode === "drop") this.resetAll();
    }
  }

  async close(): Promise<void> {
    await this.closeListener();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private resetAll(): void {
    for (const socket of this.sockets) {
      socket.resetAndDestroy();
      this.stats.reset++;
    }
    this.sockets.clear();
  }

  private accept(client: net.Socket): void {
    this.stats.connections++;
    if (this.mode !== "pass") {
      this.stats.reset++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ port: this.targetPort, host: this.host });
    this.sockets.add(client);
    this.sockets.add(upstream);
    // An error on either side (a reset, a refused upstream) resets both: the client sees what a
    // dead inventory instance looks like without the proxy. A clean end is passed on as a
    // half-close once the queued data has gone (see `pipe`).
    const resetBoth = () => {
      for (const s of [client, upstream]) {
        this.sockets.delete(s);
        if (!s.destroyed) s.resetAndDestroy();
      }
    };
    client.on("error", resetBoth);
    upstream.on("error", resetBoth);
    client.on("close", () => this.sockets.delete(client));
    upstream.on("close", () => this.sockets.delete(upstream));
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /** Copies `from` to `to`, each chunk delayed by the current delay, in order. */
  private pipe(from: net.Socket, to: net.Socket): void {
    const queue: Queued[] = [];
    let timer: NodeJS.Timeout | null = null;
    const pump = () => {
      timer = null;
      const now = Date.now();
      while (queue.length > 0 && (queue[0]?.at ?? 0) <= now) {
        const item = queue.shift();
        if (item && !to.destroyed) to.write(item.chunk);
      }
      const next = queue[0];
      if (next) timer = setTimeout(pump, Math.max(0, next.at - Date.now()));
    };
    from.on("data", (chunk: Buffer) => {
      if (this.delayMs === 0 && queue.length === 0) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      const last = queue[queue.length - 1]?.at ?? 0;
      queue.push({ at: Math.max(Date.now() + this.delayMs, last), chunk });
      if (!timer) timer = setTimeout(pump, Math.max(0, (queue[0]?.at ?? 0) - Date.now()));
    });
    from.on("end", () => {
      // Half-close after the queued data has gone (a delayed response still arrives whole).
      const finish = () => (queue.length === 0 ? to.end() : setTimeout(finish, 10));
      finish();
    });
  }
}

export async function startProxies(pairs: { listen: number; target: number }[]): Promise<FaultProxy[]> {
  const proxies = pairs.map((p) => new FaultProxy(p.listen, p.target));
  await Promise.all(proxies.map((p) => p.start()));
  return proxies;
}
