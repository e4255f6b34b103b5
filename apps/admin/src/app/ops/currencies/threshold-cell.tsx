"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Badge, Button, Input, useToast } from "@trade/ui";
import { useLocale, useTranslations } from "next-intl";
import { errorMessage } from "~/lib/errors";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

/**
 * A currency's withdrawal approval threshold: a member's daily total at or above it waits for an
 * operator. A currency added here has none until it is set, and until then every withdrawal in
 * it waits (docs/security.md), so the missing threshold is shown as a warning, not a blank.
 */
export function ThresholdCell({ code, scale, threshold }: { code: string; scale: number; threshold: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const t = useTranslations("threshold");
  const errors = useTranslations("errors");
  const locale = useLocale();
  const { money } = useFormat();
  const [amount, setAmount] = useState(threshold ?? "");
  const save = useMutation(
    trpc.ops.currencies.setThreshold.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.ops.currencies.list.queryKey() });
        toast(t("saved", { code: result.code, amount: money(result.withdrawThreshold, code, scale) }));
        setEditing(false);
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ code, amount: amount.trim() });
  }
  if (!editing)
    return (
      <div className="flex items-center gap-2">
        {threshold ? (
          <span className="tabular-nums">{money(threshold, code, scale)}</span>
        ) : (
          <Badge tone="warning">{t("notSet")}</Badge>
        )}
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
          {threshold ? t("change") : t("set")}
        </Button>
      </div>
    );
  return (
    <form onSubmit={submit} className="flex items-center gap-2" data-testid={`threshold-${code}`}>
      <Input
        name="threshold"
        aria-label={t("label", { code })}
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        inputMode="decimal"
        className="w-28"
      />
      <Button type="submit" size="sm" loading={save.isPending}>
        {t("save")}
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>
        {t("cancel")}
      </Button>
      {save.error && <p className="text-xs text-red-700">{errorMessage(save.error, errors, locale)}</p>}
    </form>
  );
}
