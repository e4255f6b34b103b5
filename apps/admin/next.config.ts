import { tradeNextConfig } from "@trade/server/next-config";

export default tradeNextConfig({
  // The admin is served under /admin (its own port in development, a path behind a proxy in production).
  basePath: "/admin",
  // Someone opening http://localhost:3001/ lands on the admin instead of a bare 404.
  async redirects() {
    return [{ source: "/", destination: "/admin", basePath: false, permanent: false }];
  },
});
