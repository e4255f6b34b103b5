/**
 * The one tRPC setup: context, error formatter, and procedure builders by role.
 * Routers only ever see domain errors converted here; a raw error message never leaves.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { isDatabaseUnavailableError, type Db, type Role, type UserStatus } from "@trade/db";
import type { RedisClient } from "./infra/redis.ts";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError, errorCatalogue, type ErrorCode } from "./errors/index.ts";
import type { Limiters } from "./infra/rate-limit.ts";
import { apiEnv } from "./env.ts";
import { clientIp } from "./infra/client-ip.ts";
import { resolveApiToken } from "./member/tokens.ts";
import { bumpCatalogueVersion } from "./catalog/list-cache.ts";

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
  log?: (event: string, fields: Record<string, unknown>) => void;
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
  /** Reads the next-auth session's user id (the app supplies it; null when signed out). */
  sessionUserId: () => Promise<number | null>;
}

export async function createContext({ deps, headers, sessionUserId }: CreateContextInput) {
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
    ip: clientIp(headers.get("x-forwarded-for"), headers.get("x-real-ip"), apiEnv().TRUSTED_PROXY_HOPS),
    hasBearer: bearer !== null,
    viewer: loadViewer,
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC.context<Context>().create({
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

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(domainErrors).use(csrf);

export const publicProcedure = base;

export const protectedProcedure = base.use(async ({ ctx, next }) => {
  const viewer = await ctx.viewer();
  if (!viewer) throw new DomainError("UNAUTHORIZED");
  return next({ ctx: { ...ctx, user: viewer } });
});

function roleProcedure(...roles: Role[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) throw new DomainError("FORBIDDEN");
    return next();
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

export const memberProcedure = roleProcedure("MEMBER", "MERCHANT", "OPERATOR");
export const merchantProcedure = roleProcedure("MERCHANT").use(invalidatesCatalogue);
export const operatorProcedure = roleProcedure("OPERATOR").use(invalidatesCatalogue);
