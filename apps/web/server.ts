/**
 * The storefront's server: `npm start -w @trade/web` (production build), `--dev` for development.
 * In production it runs one process per core (WEB_CONCURRENCY overrides): the shop's traffic is here.
 */
import { runAppServer } from "@trade/server/app-server";
import { authConfig, depsOptions } from "./src/server/config.ts";

await runAppServer({
  name: "web",
  dir: import.meta.dirname,
  defaultPort: 3000,
  endpoint: "/api/trpc",
  authConfig,
  depsOptions,
  defaultWorkers: (cores) => cores,
});
