import type pg from "pg";

/**
 * Turns a postgres:// URL into an explicit node-postgres config. The migration adapter must be
 * given host/port/user/password/database as separate fields: with a `connectionString`, pg lets the
 * string win over `database`, so a pool opened "for the shadow database" silently connects to the
 * main one instead.
 */
export function pgConfigFromUrl(databaseUrl: string): pg.ClientConfig {
  const url = parseUrl(databaseUrl);
  const params = url.searchParams;
  const config: pg.ClientConfig = {
    // `?host=/run/postgresql` is how libpq URLs address a Unix socket; it wins over the authority.
    host: params.get("host") ?? (stripBrackets(url.hostname) || "localhost"),
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: databaseName(databaseUrl),
    application_name: params.get("application_name") ?? "trade-migrate",
  };
  const ssl = sslFromMode(params.get("sslmode"));
  if (ssl !== undefined) config.ssl = ssl;
  const connectTimeout = params.get("connect_timeout");
  if (connectTimeout) config.connectionTimeoutMillis = Number(connectTimeout) * 1000;
  const schema = params.get("schema");
  // Prisma URLs carry the schema as `?schema=`; PostgreSQL only knows it through search_path.
  if (schema) config.options = `-c search_path=${schema}`;
  return config;
}

/** Prisma's `?schema=` parameter, if any (the adapter needs it to introspect the right schema). */
export function schemaFromUrl(databaseUrl: string): string | undefined {
  return parseUrl(databaseUrl).searchParams.get("schema") ?? undefined;
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(parseUrl(databaseUrl).pathname.replace(/^\//, "")) || "postgres";
}

/** The same server and credentials, another database. */
export function withDatabaseName(databaseUrl: string, database: string): string {
  const url = parseUrl(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function parseUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Never echo the URL: it usually contains a password.
    throw new Error("DATABASE_URL is not a valid URL");
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must start with postgresql:// (got ${url.protocol}//)`);
  }
  return url;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** libpq's sslmode, reduced to what node-postgres can express. */
function sslFromMode(mode: string | null): pg.ClientConfig["ssl"] | undefined {
  switch (mode) {
    case null:
    case "disable":
    case "prefer": // pg cannot "try TLS then fall back"; plain is what prefer gives on a local server.
    case "allow":
      return undefined;
    case "require":
    case "verify-ca":
      // libpq's `require` encrypts without checking the certificate; keep that meaning.
      return { rejectUnauthorized: false };
    case "verify-full":
      return { rejectUnauthorized: true };
    default:
      throw new Error(`Unsupported sslmode "${mode}" in DATABASE_URL`);
  }
}
