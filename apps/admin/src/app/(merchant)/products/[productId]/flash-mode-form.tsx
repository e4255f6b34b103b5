"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { DialogForm, ErrorAlert, Field, Select, useToast } from "@trade/ui";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import type { SkuFormProps, SkuRow } from "./sku-row";

/** Bucket counts offered; docs/performance.md (flash phase) says what each buys. */
const BUCKET_CHOICES = [0, 4, 8, 16, 32, 64] as const;

/** The merchant's flash-sale switch for one SKU (merchant.skus.setFlashMode). */
export function FlashModeForm({ sku, onClose, onDone }: SkuFormProps & { sku: SkuRow }) {
  const trpc = useTRPC();
  const toast = useToast();
  const t = useTranslations("flash");
  const { formatCount } = useFormat();
  const [buckets, setBuckets] = useState(String(sku.flashBuckets === 0 ? 8 : sku.flashBuckets));
  const setMode = useMutation(
    trpc.merchant.skus.setFlashMode.mutationOptions({
      onSuccess: async (result) => {
        await onDone();
        toast(
          result.flashBuckets === 0
            ? t("backToNormal", { code: sku.code })
            : t("nowFlash", { code: sku.code, stock: formatCount(result.stock), buckets: result.flashBuckets }),
        );
        onClose();
      },
    }),
  );
  return (
    <DialogForm
      onSubmit={() => setMode.mutate({ skuId: sku.id, buckets: Number(buckets) })}
      onCancel={onClose}
      submitLabel={t("save")}
      busy={setMode.isPending}
      alert={<ErrorAlert error={setMode.error} />}
    >
      <p className="text-sm text-neutral-600">
        {sku.flashBuckets === 0 ? t("currentNormal") : t("currentFlash", { buckets: sku.flashBuckets })}
      </p>
      <Field label={t("buckets")} hint={t("bucketsHint")}>
        <Select name="buckets" value={buckets} onChange={(e) => setBuckets(e.target.value)}>
          {BUCKET_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n === 0 ? t("off") : t("nBuckets", { count: n })}
            </option>
          ))}
        </Select>
      </Field>
    </DialogForm>
  );
}
