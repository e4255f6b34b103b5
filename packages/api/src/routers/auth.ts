import { z } from "zod";
import { DomainError } from "../errors/index.ts";
import { consume } from "../infra/rate-limit.ts";
import { authenticate } from "../member/authenticate.ts";
import { registerUser } from "../member/register.ts";
import { issueApiToken, listApiTokens, revokeApiToken } from "../member/tokens.ts";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc.ts";
import { id } from "./inputs.ts";

const email = z.string().trim().email().max(254);
const password = z.string().min(1).max(256);

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .input(z.object({ email, password, name: z.string().trim().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await consume(ctx.limiters.registerByIp, ctx.ip))) throw new DomainError("RATE_LIMITED");
      return registerUser(ctx.db, input);
    }),
  issueToken: publicProcedure
    .input(
      z.object({
        email,
        password,
        name: z.string().trim().max(100).default("API token"),
        ttlDays: z.number().int().min(1).max(365).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const user = await authenticate(ctx.db, ctx.limiters, {
        email: input.email,
        password: input.password,
        ip: ctx.ip,
      });
      return issueApiToken(
        ctx.db,
        ctx.policy.maxTokensPerUser,
        { ...user, via: "password" },
        input.name,
        input.ttlDays,
      );
    }),
  createToken: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100), ttlDays: z.number().int().min(1).max(365).optional() }))
    .mutation(({ ctx, input }) =>
      issueApiToken(ctx.db, ctx.policy.maxTokensPerUser, ctx.user, input.name, input.ttlDays),
    ),
  tokens: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),
  // Revoking only takes access away: a frozen user may (and should) still do it.
  revokeToken: protectedProcedure
    .meta({ frozen: "allowed" })
    .input(z.object({ tokenId: id }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.user.id, input.tokenId)),
  me: protectedProcedure.query(({ ctx }) =>
    ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: { id: true, email: true, name: true, role: true, status: true, createdAt: true },
    }),
  ),
});
