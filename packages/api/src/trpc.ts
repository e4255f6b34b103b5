/**
 * The one tRPC setup: context, error formatter, and procedure builders by role.
 * Routers only ever see domain errors converted here; a raw error message never leaves.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { isDatabaseUnavailableError, isTransientDbError, type Db, type Role, type UserStatus } from "@trade/db";
import type { RedisClient } from "./infra/redis.ts";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError, errorCatalogue, type ErrorCode } from "./errors/index.ts";
import type { Limiters } from "./infra/rate-limit.ts";
import { clientIp, trustNoProxy, type TrustProxy } from "./infra/client-ip.ts";
import { resolveApiToken } from "./member/tokens.ts";
import { bumpCatalogueVersion } from "./catalog/list-cache.ts";
import type { Policy } from "./policy.ts";
import type { Inventory } from "./inventory/port.ts";

export interface AppDeps {
  db: Db;
  /**
   * Reads that may be a moment stale (catalogue, product pages, ledger history, merchant
   * dashboard): the streaming replica when one is configured, else `db`. Never for a money
   * decision or inside a transaction (docs/scaling.md, "Reads on the replica").
   */
  readDb?: Db;
  redis: RedisClient | null;
  limiters: Limiters;
  /** Origins allowed to send cookie-authenticated mutations (CSRF defence). */
  allowedOrigins: string[];
  /** Limits of who may do what (hold caps, token cap, withdrawal thresholds). */
  policy: Policy;
  /** Our own proxies (`TRUSTED_PROXIES`); absent: trust none, the client is the socket's peer. */
  trustProxy?: TrustProxy;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** Who owns SKU stock: this database (`localInventory`) or the inventory service (INVENTORY_URL). */
  inventory: Inventory;
}

export interface Viewer {
  id: number;
  role: Role;
  status: UserStatus;
  via: "session" | "token";
}

export interface CreateContextInput {
  deps: AppDeps;
  headers: Headers;
  /** The socket's peer address (absent for in-process callers such as server components). */
  remoteAddress?: string | null;
  /** Reads the next-auth session's user id (the app supplies it; null when signed out). */
  sessionUserId: () => Promise<number | null>;
}

export async function createContext({ deps, headers, remoteAddress, sessionUserId }: CreateContextInput) {
  const authorization = headers.get("authorization");
  const bearer = authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : null;
  let viewer: Promise<Viewer | null> | undefined;
  const loadViewer = (): Promise<Viewer | null> => {
    viewer ??= (async () => {
      if (bearer) {
        const user = await resolveApiToken(deps.db, bearer);
        return user ? { ...user, via: "token" as const } : null;
      }
      const id = await sessionUserId();
      if (id === null) return null;
      const user = await deps.db.user.findUnique({ where: { id }, select: { id: true, role: true, status: true } });
      return user ? { ...user, via: "session" as const } : null;
    })();
    return viewer;
  };
  return {
    ...deps,
    readDb: deps.readDb ?? deps.db,
    headers,
    ip: clientIp(remoteAddress, headers.get("x-forwarded-for"), deps.trustProxy ?? trustNoProxy),
    hasBearer: bearer !== null,
    viewer: loadViewer,
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

/** Who may call a procedure: set by its builder below, never by a router (see `access`). */
export type Access = "public" | "signed-in" | "member" | "merchant" | "operator";

/**
 * Procedure metadata. `access` comes from the builder; the authorization tests read it from the
 * router to know what to expect of every procedure. `frozen: "allowed"` (set on the procedure)
 * lets a frozen user still call a mutation that only gives something up (revoking a token,
 * cancelling an order: both release what they held).
 */
export interface ProcedureMeta {
  /** Always set by the builders; optional only because a procedure's `.meta()` takes the same type. */
  access?: Access;
  frozen?: "allowed";
}

const trpc = initTRPC.context<Context>().meta<ProcedureMeta>();
const t = trpc.create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const domain = error.cause instanceof DomainError ? error.cause : null;
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const code = domainCodeOf(error);
    const internal = code === "INTERNAL";
    return {
      ...shape,
      message: internal ? errorCatalogue.INTERNAL.message : zod ? zodMessage(zod) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        domainCode: code,
        details: domain?.details ?? null,
        fields: zod ? zod.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null,
      },
    };
  },
});

/** The stable domain code of any error a procedure ended with (what clients switch on). */
export function domainCodeOf(error: TRPCError): ErrorCode {
  if (error.cause instanceof DomainError) return error.cause.code;
  if (error.cause instanceof ZodError) return zodCode(error.cause);
  return trpcToDomain(error.code);
}

function trpcToDomain(code: TRPCError["code"]): ErrorCode {
  switch (code) {
    case "UNAUTHORIZED":
      return "UNAUTHORIZED";
    case "FORBIDDEN":
      return "FORBIDDEN";
    case "NOT_FOUND":
      return "NOT_FOUND";
    case "TOO_MANY_REQUESTS":
      return "RATE_LIMITED";
    case "PAYLOAD_TOO_LARGE":
      return "PAYLOAD_TOO_LARGE";
    case "INTERNAL_SERVER_ERROR":
      return "INTERNAL";
    default:
      return "BAD_REQUEST";
  }
}

/** Money fields refused by the schema (a number instead of a string, ...) are INVALID_AMOUNT. */
const MONEY_FIELDS = new Set(["amount", "price", "minPrice", "maxPrice"]);
function zodCode(error: ZodError): ErrorCode {
  return error.issues.some((i) => MONEY_FIELDS.has(String(i.path.at(-1)))) ? "INVALID_AMOUNT" : "BAD_REQUEST";
}

function zodMessage(error: ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "input"}: ${issue.message}` : "The request is not valid.";
}

/** The single place domain errors become TRPCErrors; unknown errors are logged, never echoed. */
const domainErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      result.error = new TRPCError({ code: errorCatalogue[cause.code].trpc, message: cause.message, cause });
    } else if (isDatabaseUnavailableError(cause)) {
      const unavailable = new DomainError("DATABASE_UNAVAILABLE");
      result.error = new TRPCError({ code: "SERVICE_UNAVAILABLE", message: unavailable.message, cause: unavailable });
    } else if (isTransientDbError(cause)) {
      // Contention or no free connection outside runTx (a read before the transaction): BUSY,
      // as inside it; the client may retry. Never INTERNAL for a database that is only busy.
      const busy = new DomainError("BUSY");
      result.error = new TRPCError({ code: errorCatalogue.BUSY.trpc, message: busy.message, cause: busy });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      (ctx.log ?? defaultLog)("trpc.internal_error", {
        path,
        type,
        error: String(cause?.stack ?? cause ?? result.error.message),
      });
    }
  }
  return result;
});

function defaultLog(event: string, fields: Record<string, unknown>): void {
  console.error(JSON.stringify({ level: "error", event, ...fields }));
}

/**
 * CSRF: a mutation riding on the session cookie must be JSON and come from an allowed origin.
 * Bearer-token calls carry no ambient credentials, so they are exempt.
 */
const csrf = t.middleware(({ ctx, type, next }) => {
  if (type !== "mutation" || ctx.hasBearer) return next();
  const contentType = ctx.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/json")) throw new DomainError("CSRF_REJECTED");
  const origin = ctx.headers.get("origin");
  const hasCookie = (ctx.headers.get("cookie") ?? "").length > 0;
  if ((origin || hasCookie) && !(origin && ctx.allowedOrigins.includes(origin))) throw new DomainError("CSRF_REJECTED");
  return next();
});

/**
 * PostgreSQL cannot store NUL (U+0000) in text, nor a lone UTF-16 surrogate in jsonb: a string
 * carrying one failed its query as a 500, whichever field it came in. Refused once here for
 * every procedure, keys of records included.
 */
const storableText = t.middleware(async ({ getRawInput, next }) => {
  if (hasUnstorableText(await getRawInput()))
    throw new DomainError("BAD_REQUEST", { reason: "text" }, "Text must not contain NUL or invalid characters.");
  return next();
});

/** NUL, or a surrogate not in a pair (with the `u` flag a valid pair is one code point). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL text cannot store
const UNSTORABLE = /[\u0000\p{Cs}]/u;

function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return UNSTORABLE.test(value);
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => hasUnstorableText(v, depth + 1));
  return Object.entries(value).some(([k, v]) => UNSTORABLE.test(k) || hasUnstorableText(v, depth + 1));
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(domainErrors).use(storableText).use(csrf);

export const publicProcedure = base.meta({ access: "public" });

/**
 * The caller, checked per request against the database (the context reads the user row, or the
 * token joined to it, on every request): a role change or a freeze applies to the next call, not
 * when a session expires. A frozen user may read, but every mutation is ACCOUNT_FROZEN unless
 * the procedure says `frozen: "allowed"`. The role check comes first, so a frozen member calling
 * an operator procedure still learns only FORBIDDEN.
 */
function accessProcedure(access: Exclude<Access, "public">, roles: readonly Role[]) {
  return base.meta({ access }).use(async ({ ctx, next, type, meta }) => {
    const viewer = await ctx.viewer();
    if (!viewer) throw new DomainError("UNAUTHORIZED");
    if (!roles.includes(viewer.role)) throw new DomainError("FORBIDDEN");
    if (viewer.status === "FROZEN" && type === "mutation" && meta?.frozen !== "allowed")
      throw new DomainError("ACCOUNT_FROZEN");
    return next({ ctx: { ...ctx, user: viewer } });
  });
}

/**
 * Merchants and operators change what the public catalogue shows (products, SKUs, prices, stock,
 * currencies): after any successful mutation of theirs, cached catalogue pages are invalidated.
 * Broader than needed on purpose: a forgotten write path would serve stale pages.
 */
const invalidatesCatalogue = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (type === "mutation" && result.ok) await bumpCatalogueVersion(ctx.redis);
  return result;
});

/** Any signed-in user (SYSTEM cannot sign in). */
export const protectedProcedure = accessProcedure("signed-in", ["MEMBER", "MERCHANT", "OPERATOR"]);
export const memberProcedure = accessProcedure("member", ["MEMBER", "MERCHANT", "OPERATOR"]);
export const merchantProcedure = accessProcedure("merchant", ["MERCHANT"]).use(invalidatesCatalogue);
export const operatorProcedure = accessProcedure("operator", ["OPERATOR"]).use(invalidatesCatalogue);
