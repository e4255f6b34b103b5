-- Hand-written (Prisma cannot express CHECK constraints): the bound on balances, far below
-- numeric(30,8)'s 10^22. The platform's cash account (what it owes all members of a currency,
-- negative) is the first that could reach the column's range. Money only enters through deposits
-- and every other movement sums to zero within a currency, and wallets never go negative, so no
-- wallet can hold more than the cash account owes: bounding that (the deposit service refuses
-- BALANCE_LIMIT first, at BALANCE_MAX_PLATFORM <= 10^18) bounds every account. This CHECK is the
-- backstop should any path forget; see docs/security.md, "Limits on money and stock".
ALTER TABLE "accounts"
  ADD CONSTRAINT "accounts_balance_within_limit"
  CHECK ("balance" BETWEEN -1000000000000000000 AND 1000000000000000000 AND "frozen" <= 1000000000000000000);
