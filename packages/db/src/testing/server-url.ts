/**
 * The PostgreSQL server tests create their scratch databases on, as a URL whose database is the
 * maintenance database `postgres`. Async on purpose: when neither variable is set it may later
 * start an embedded PostgreSQL instead of assuming one runs locally, without touching callers.
 *
 * Order: TEST_PG_URL (used as given), then the server of DATABASE_URL (never its database: tests
 * must not write into a developer's data), then a local trust-auth server on 5432.
 */
export async function testServerUrl(): Promise<string> {
  const explicit = process.env.TEST_PG_URL;
  if (explicit) return explicit;
  const appUrl = process.env.DATABASE_URL;
  if (appUrl) {
    const url = new URL(appUrl);
    url.pathname = "/postgres";
    url.searchParams.delete("schema"); // belongs to the app database; keep sslmode & co.
    return url.toString();
  }
  return "postgresql://postgres@127.0.0.1:5432/postgres";
}
