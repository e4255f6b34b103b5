/**
 * The admin's server: `npm start -w @trade/admin` (production build), `--dev` for development.
 * One process unless WEB_CONCURRENCY says otherwise: merchants and operators are few.
 */
import { runAppServer } from "@trade/server/app-server";
import { authConfig, depsOptions } from "./src/server/config.ts";

await runAppServer({
  name: "admin",
  dir: import.meta.dirname,
  defaultPort: 3001,
  endpoint: "/admin/api/trpc",
  authConfig,
  depsOptions,
  defaultWorkers: () => 1,
});
