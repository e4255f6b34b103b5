import { z } from "zod";
import {
  createCurrency,
  listCurrenciesWithProgress,
  setCurrencyActive,
  setCurrencyThreshold,
} from "../ops/currencies.ts";
import { pendingWithdrawals, searchUsers, setUserStatus } from "../ops/users.ts";
import { listAlerts, setAlertStatus } from "../risk/alerts.ts";
import { decideWithdrawal } from "../wallet/withdraw.ts";
import { createTRPCRouter, operatorProcedure } from "../trpc.ts";
import { currencyCode, id, intCursor, limit, money } from "./inputs.ts";

export const opsRouter = createTRPCRouter({
  currencies: createTRPCRouter({
    list: operatorProcedure.query(({ ctx }) => listCurrenciesWithProgress(ctx.db, ctx.policy.withdrawThresholds)),
    create: operatorProcedure
      .input(
        z.object({ code: currencyCode, name: z.string().trim().min(1).max(60), scale: z.number().int().min(0).max(8) }),
      )
      .mutation(({ ctx, input }) => createCurrency(ctx.db, input)),
    setActive: operatorProcedure
      .input(z.object({ code: currencyCode, active: z.boolean() }))
      .mutation(({ ctx, input }) => setCurrencyActive(ctx.db, input.code, input.active)),
    setThreshold: operatorProcedure
      .input(z.object({ code: currencyCode, amount: money }))
      .mutation(({ ctx, input }) => setCurrencyThreshold(ctx.db, input.code, input.amount)),
  }),
  withdrawals: createTRPCRouter({
    pending: operatorProcedure
      .input(z.object({ cursor: intCursor, limit }))
      .query(({ ctx, input }) => pendingWithdrawals(ctx.db, input)),
    approve: operatorProcedure
      .input(z.object({ withdrawalId: id }))
      .mutation(({ ctx, input }) =>
        decideWithdrawal(ctx, ctx.user.id, { withdrawalId: input.withdrawalId, approve: true }),
      ),
    reject: operatorProcedure
      .input(z.object({ withdrawalId: id, reason: z.string().trim().min(1).max(300) }))
      .mutation(({ ctx, input }) =>
        decideWithdrawal(ctx, ctx.user.id, { withdrawalId: input.withdrawalId, approve: false, reason: input.reason }),
      ),
  }),
  alerts: createTRPCRouter({
    list: operatorProcedure
      .input(z.object({ status: z.enum(["OPEN", "ACKNOWLEDGED", "RESOLVED"]).optional(), cursor: intCursor, limit }))
      .query(({ ctx, input }) => listAlerts(ctx.db, input)),
    setStatus: operatorProcedure
      .input(z.object({ alertId: id, status: z.enum(["ACKNOWLEDGED", "RESOLVED"]) }))
      .mutation(({ ctx, input }) => setAlertStatus(ctx.db, ctx.user.id, input.alertId, input.status)),
  }),
  users: createTRPCRouter({
    search: operatorProcedure
      .input(
        z.object({
          q: z.string().trim().max(100).optional(),
          role: z.enum(["MEMBER", "MERCHANT", "OPERATOR"]).optional(),
          limit,
        }),
      )
      .query(({ ctx, input }) => searchUsers(ctx.db, input)),
    setStatus: operatorProcedure
      .input(z.object({ userId: id, status: z.enum(["ACTIVE", "FROZEN"]) }))
      .mutation(({ ctx, input }) => setUserStatus(ctx.db, ctx.user.id, input.userId, input.status)),
  }),
});
