import NextAuth, { type NextAuthOptions } from "next-auth";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

/**
 * Each app's `/api/auth/[...nextauth]` handler (GET and POST). The options are built per request
 * so the environment is read at run time, not at build time. next-auth 4's types describe the
 * Pages router; in the App Router it takes the request and the (awaited) route params.
 */
export function nextAuthRoute(options: () => NextAuthOptions): Handler {
  return async (request, context) => {
    const nextAuth = NextAuth(options()) as unknown as (
      req: Request,
      ctx: { params: { nextauth: string[] } },
    ) => Promise<Response>;
    return nextAuth(request, { params: await context.params });
  };
}
