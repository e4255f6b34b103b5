"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, DialogForm, ErrorAlert, Field, Input, useToast } from "@trade/ui";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import type { SkuFormProps, SkuRow } from "./sku-row";

export function AdjustStockForm({ sku, onClose, onDone }: SkuFormProps & { sku: SkuRow }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [direction, setDirection] = useState<"add" | "remove">("add");
  const t = useTranslations("skuDialogs");
  const { formatCount } = useFormat();
  const [quantity, setQuantity] = useState("");
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const adjust = useMutation(
    trpc.merchant.skus.adjustStock.mutationOptions({
      onSuccess: async (result) => {
        await onDone();
        toast(t("stockToast", { code: sku.code, stock: formatCount(result.stock) }));
        onClose();
      },
    }),
  );
  const qty = /^\d{1,8}$/.test(quantity.trim()) ? Number(quantity) : NaN;
  const errors = {
    quantity: !Number.isFinite(qty) || qty <= 0 ? t("enterQuantity") : undefined,
    reason: !reason.trim() ? t("enterReason") : undefined,
  };
  return (
    <DialogForm
      onSubmit={() => {
        setSubmitted(true);
        if (errors.quantity || errors.reason) return;
        adjust.mutate({ skuId: sku.id, delta: direction === "add" ? qty : -qty, reason: reason.trim() });
      }}
      onCancel={onClose}
      submitLabel={direction === "add" ? t("addStock") : t("removeStock")}
      submitVariant={direction === "remove" ? "danger" : "primary"}
      busy={adjust.isPending}
    >
      <dl className="grid grid-cols-3 gap-2 rounded-md bg-neutral-50 p-3 text-center text-sm ring-1 ring-neutral-200">
        <div>
          <dt className="text-neutral-500">{t("stock")}</dt>
          <dd className="font-semibold tabular-nums">{formatCount(sku.stock)}</dd>
        </div>
        <div>
          <dt className="text-neutral-500">{t("held")}</dt>
          <dd className="font-semibold tabular-nums">{formatCount(sku.stockLocked)}</dd>
        </div>
        <div>
          <dt className="text-neutral-500">{t("sold")}</dt>
          <dd className="font-semibold tabular-nums">{formatCount(sku.sold)}</dd>
        </div>
      </dl>
      {adjust.error ? (
        <ErrorAlert error={adjust.error} />
      ) : (
        direction === "remove" &&
        sku.stockLocked > 0 && (
          <Alert tone="info">
            {t("heldNote", { held: formatCount(sku.stockLocked), stock: formatCount(sku.stock) })}
          </Alert>
        )
      )}
      <fieldset>
        <legend className="text-sm font-medium text-neutral-800">{t("change")}</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {(["add", "remove"] as const).map((d) => (
            <label key={d} className="flex items-center gap-2">
              <input
                type="radio"
                name="direction"
                value={d}
                checked={direction === d}
                onChange={() => setDirection(d)}
                className="size-4 accent-indigo-600"
              />
              {d === "add" ? t("addPlus") : t("removeMinus")}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t("quantity")} error={submitted ? errors.quantity : undefined}>
        <Input
          name="quantity"
          inputMode="numeric"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          autoComplete="off"
        />
      </Field>
      <Field label={t("reason")} error={submitted ? errors.reason : undefined}>
        <Input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          placeholder={t("reasonPlaceholder")}
        />
      </Field>
    </DialogForm>
  );
}
