/**
 * A tiny app under the real supervisor (`superviseWorkers`), for app-cluster.test.ts: each worker
 * answers "<pid> <DB_POOL_SIZE>" over HTTP, `/slow` after 500 ms. FIXTURE_CRASH=1 makes every
 * worker exit at boot (a crash loop).
 */
import cluster from "node:cluster";
import { createServer } from "node:http";
import { superviseWorkers } from "../../src/app-cluster.ts";

if (cluster.isPrimary) {
  superviseWorkers({ name: "fixture", workers: 2, workerEnv: { DB_POOL_SIZE: "5" }, drainMs: 2_000 });
} else if (process.env.FIXTURE_CRASH === "1") {
  process.exit(3);
} else {
  const server = createServer((req, res) => {
    const answer = () => res.end(`${process.pid} ${process.env.DB_POOL_SIZE ?? "-"}`);
    if (req.url === "/slow") setTimeout(answer, 500);
    else answer();
  });
  server.listen(Number(process.env.PORT), "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
