"use client";

import { amountProblemCode, type AmountProblem } from "@trade/api/money";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Alert, Button, Card, cn, describedBy, ErrorAlert, Field, Input, Select } from "@trade/ui";
import { finishIntent, intentKey } from "~/lib/idempotency";
import { useFormatMoney } from "~/lib/money";
import type { AccountData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

type Mode = "deposit" | "withdraw";

const PROBLEMS = {
  format: "problemFormat",
  noDecimals: "problemNoDecimals",
  tooManyDecimals: "problemTooManyDecimals",
  notPositive: "problemNotPositive",
} as const satisfies Record<AmountProblem, string>;

export function MoveMoney({
  accounts,
  prefill,
}: {
  accounts: AccountData[];
  prefill: { currency: string; amount: string } | null;
}) {
  const [mode, setMode] = useState<Mode>("deposit");
  const tabs: Mode[] = ["deposit", "withdraw"];
  const baseId = useId();
  const t = useTranslations("wallet");
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = mode === "deposit" ? "withdraw" : "deposit";
    setMode(next);
    document.getElementById(`${baseId}-tab-${next}`)?.focus();
  };
  return (
    <Card id="move-money">
      {/* eslint-disable-next-line jsx-a11y/interactive-supports-focus -- arrow keys are delegated from the focusable tabs inside (roving tabindex) */}
      <div
        role="tablist"
        aria-label={t("moveMoney")}
        className="flex gap-1 border-b border-zinc-100 px-3 pt-3"
        onKeyDown={onKeyDown}
      >
        {tabs.map((tab) => (
          <button
            key={tab}
            id={`${baseId}-tab-${tab}`}
            type="button"
            role="tab"
            aria-selected={mode === tab}
            aria-controls={`${baseId}-panel`}
            tabIndex={mode === tab ? 0 : -1}
            onClick={() => setMode(tab)}
            className={cn(
              "-mb-px border-b-2 px-4 py-2.5 text-sm font-medium",
              mode === tab
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-zinc-600 hover:text-zinc-900",
            )}
          >
            {tab === "deposit" ? t("deposit") : t("withdraw")}
          </button>
        ))}
      </div>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${mode}`} className="p-5">
        <MoneyForm key={mode} mode={mode} accounts={accounts} prefill={mode === "deposit" ? prefill : null} />
      </div>
    </Card>
  );
}

function MoneyForm({
  mode,
  accounts,
  prefill,
}: {
  mode: Mode;
  accounts: AccountData[];
  prefill: { currency: string; amount: string } | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const fmt = useFormatMoney();
  const t = useTranslations("wallet");
  const common = useTranslations("common");
  const initialCurrency =
    accounts.find((a) => a.currency === prefill?.currency)?.currency ??
    accounts.find((a) => a.currency === "USD")?.currency ??
    accounts[0]?.currency ??
    "";
  const [currency, setCurrency] = useState(initialCurrency);
  const [amount, setAmount] = useState(prefill?.amount ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const inFlight = useRef(false);
  const account = accounts.find((a) => a.currency === currency);
  const scale = account?.scale ?? 2;
  const problemOf = (value: string) => {
    const code = amountProblemCode(value, scale);
    return code ? t(PROBLEMS[code], { scale }) : null;
  };

  useEffect(() => {
    if (prefill) amountRef.current?.focus();
  }, [prefill]);

  const onSettled = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
  };
  const deposit = useMutation(trpc.wallet.deposit.mutationOptions({ onSettled }));
  const withdraw = useMutation(trpc.wallet.withdraw.mutationOptions({ onSettled }));
  const move = mode === "deposit" ? deposit : withdraw;
  const scope = `wallet-${mode}`;

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    const value = amount.trim();
    const issue = problemOf(value);
    setProblem(issue);
    if (issue || !account) return;
    inFlight.current = true;
    // One key per intent (this currency, this amount), kept until the server answers: a retry
    // or a double submit never moves the money twice.
    const idempotencyKey = intentKey(scope, `${currency}:${value}`);
    try {
      await move.mutateAsync({ currency, amount: value, idempotencyKey });
      finishIntent(scope);
      setAmount("");
    } catch {
      // shown from move.error
    } finally {
      inFlight.current = false;
    }
  }

  const result = move.data;
  const id = `${mode}-amount`;
  const hint = scale === 0 ? t("hintWhole", { currency }) : t("hintDecimals", { scale });
  const verb = mode === "deposit" ? t("deposit") : t("withdraw");
  const valid = amount.trim() !== "" && !amountProblemCode(amount.trim(), scale);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={verb}>
      {prefill && mode === "deposit" && !result && (
        <Alert tone="info" title={t("topUpTitle")}>
          {t("topUpBody")}
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
        <Field id={`${mode}-currency`} label={common("currency")}>
          <Select
            id={`${mode}-currency`}
            value={currency}
            onChange={(e) => (setCurrency(e.target.value), setProblem(null), move.reset())}
          >
            {accounts.map((a) => (
              <option key={a.currency} value={a.currency}>
                {a.currency}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={id} label={common("amount")} hint={hint} error={problem}>
          <Input
            ref={amountRef}
            id={id}
            name="amount"
            inputMode={scale === 0 ? "numeric" : "decimal"}
            autoComplete="off"
            placeholder={scale === 0 ? "5000" : "100.00"}
            value={amount}
            onChange={(e) => (setAmount(e.target.value), setProblem(null))}
            onBlur={() => amount.trim() && setProblem(problemOf(amount.trim()))}
            invalid={Boolean(problem)}
            aria-describedby={describedBy(id, { hint, error: problem })}
          />
        </Field>
      </div>
      {mode === "withdraw" && account && (
        <p className="text-sm text-zinc-600">
          {t("availableToWithdraw")}{" "}
          <span className="font-medium text-zinc-900">{fmt(account.available, account.currency, account.scale)}</span>.{" "}
          {t("reviewNote")}
        </p>
      )}
      {move.error ? <ErrorAlert error={move.error} /> : null}
      {result && !move.error && (
        <div aria-live="polite">
          {"status" in result && result.status === "PENDING" ? (
            <Alert tone="warning" title={t("pendingTitle")} data-testid="withdraw-result">
              {t("pendingBody", { amount: fmt(result.amount, result.currency, scale) })}
            </Alert>
          ) : (
            <Alert
              tone="success"
              title={mode === "deposit" ? t("depositReceived") : t("withdrawalSent")}
              data-testid={`${mode}-result`}
              action={
                prefill && mode === "deposit" ? (
                  <Button variant="outline" size="sm" onClick={() => router.back()}>
                    {t("backToOrder")}
                  </Button>
                ) : undefined
              }
            >
              {mode === "deposit"
                ? t("depositDone", { amount: fmt(result.amount, result.currency, scale) })
                : t("withdrawDone", { amount: fmt(result.amount, result.currency, scale) })}
            </Alert>
          )}
        </div>
      )}
      <Button
        type="submit"
        size="lg"
        className="w-full sm:w-auto"
        loading={move.isPending}
        loadingText={mode === "deposit" ? t("depositing") : t("withdrawing")}
      >
        {valid
          ? t(mode === "deposit" ? "depositAmount" : "withdrawAmount", { amount: fmt(amount.trim(), currency, scale) })
          : verb}
      </Button>
    </form>
  );
}
