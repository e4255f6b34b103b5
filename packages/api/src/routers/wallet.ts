import { z } from "zod";
import { deposit } from "../wallet/deposit.ts";
import { listAccounts, listLedger, listWithdrawals } from "../wallet/queries.ts";
import { requestWithdrawal } from "../wallet/withdraw.ts";
import { createTRPCRouter, memberProcedure } from "../trpc.ts";
import { bigintCursor, currencyCode, idempotencyKey, limit, money } from "./inputs.ts";

const movement = z.object({ currency: currencyCode, amount: money, idempotencyKey });

export const walletRouter = createTRPCRouter({
  accounts: memberProcedure.query(({ ctx }) => listAccounts(ctx, ctx.user.id)),
  deposit: memberProcedure.input(movement).mutation(({ ctx, input }) => deposit(ctx, ctx.user.id, input)),
  withdraw: memberProcedure.input(movement).mutation(({ ctx, input }) => requestWithdrawal(ctx, ctx.user, input)),
  withdrawals: memberProcedure.query(({ ctx }) => listWithdrawals(ctx.db, ctx.user.id)),
  ledger: memberProcedure
    .input(z.object({ currency: currencyCode.optional(), cursor: bigintCursor, limit }))
    .query(({ ctx, input }) => listLedger(ctx.readDb, ctx.user.id, input)),
});
