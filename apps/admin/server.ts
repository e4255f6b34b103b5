/** The admin's server: `npm start -w @trade/admin` (production build), `--dev` for development. */
import { runAppServer } from "@trade/api/app-server";
import { authConfig, depsOptions } from "./src/server/config.ts";

await runAppServer({ name: "admin", dir: import.meta.dirname, defaultPort: 3001, endpoint: "/admin/api/trpc", authConfig, depsOptions });
