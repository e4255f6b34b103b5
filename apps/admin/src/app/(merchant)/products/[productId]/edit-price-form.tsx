"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DialogForm, ErrorAlert, Field, Input, useToast } from "@trade/ui";
import { fieldErrorsOf } from "@trade/api/client";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { usePriceProblem, type SkuFormProps, type SkuRow } from "./sku-row";

export function EditPriceForm({ sku, onClose, onDone }: SkuFormProps & { sku: SkuRow }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [price, setPrice] = useState(sku.price);
  const t = useTranslations("skuDialogs");
  const { money } = useFormat();
  const priceProblem = usePriceProblem();
  const [submitted, setSubmitted] = useState(false);
  const update = useMutation(
    trpc.merchant.skus.update.mutationOptions({
      onSuccess: async (updated) => {
        await onDone();
        toast(t("priceToast", { code: updated.code, price: money(updated.price, updated.currency, updated.scale) }));
        onClose();
      },
    }),
  );
  const problem = priceProblem(price, sku.scale) ?? fieldErrorsOf(update.error).price;
  return (
    <DialogForm
      onSubmit={() => {
        setSubmitted(true);
        if (!problem) update.mutate({ skuId: sku.id, price: price.trim() });
      }}
      onCancel={onClose}
      submitLabel={t("savePrice")}
      submitDisabled={price.trim() === sku.price}
      busy={update.isPending}
      alert={<ErrorAlert error={update.error} />}
    >
      <Field
        label={t("newPrice", { currency: sku.currency })}
        hint={t("nowPrice", { price: money(sku.price, sku.currency, sku.scale) })}
        error={submitted ? problem : undefined}
      >
        <Input
          name="price"
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          autoFocus
          autoComplete="off"
        />
      </Field>
    </DialogForm>
  );
}
