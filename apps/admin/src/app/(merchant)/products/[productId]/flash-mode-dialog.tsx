"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Dialog, DialogActions, Field, Select, useToast } from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { formatCount } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import type { SkuRow } from "./sku-dialogs";

/** Bucket counts offered; docs/performance.md (flash phase) says what each buys. */
const BUCKET_CHOICES = [0, 4, 8, 16, 32, 64] as const;

/** The merchant's flash-sale switch for one SKU (merchant.skus.setFlashMode). */
export function FlashModeDialog({
  sku,
  onClose,
  onDone,
}: {
  sku: SkuRow | null;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  return (
    <Dialog
      open={sku !== null}
      onClose={onClose}
      title={sku ? `Flash sale: ${sku.code}` : ""}
      description="For a sale where many buyers order this SKU at once: its stock is split into buckets that are sold in parallel. Stock, held and sold figures do not change; orders already placed are kept."
    >
      {sku && <FlashModeForm sku={sku} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function FlashModeForm({ sku, onClose, onDone }: { sku: SkuRow; onClose: () => void; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [buckets, setBuckets] = useState(String(sku.flashBuckets === 0 ? 8 : sku.flashBuckets));
  const setMode = useMutation(
    trpc.merchant.skus.setFlashMode.mutationOptions({
      onSuccess: async (result) => {
        await onDone();
        toast(
          result.flashBuckets === 0
            ? `${sku.code} is back to normal mode.`
            : `${sku.code} is in flash-sale mode: ${formatCount(result.stock)} in ${result.flashBuckets} buckets.`,
        );
        onClose();
      },
    }),
  );
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setMode.mutate({ skuId: sku.id, buckets: Number(buckets) });
      }}
    >
      {setMode.error && <ErrorAlert error={setMode.error} />}
      <p className="text-sm text-neutral-600">
        {sku.flashBuckets === 0 ? "Now: normal mode." : `Now: flash-sale mode, ${sku.flashBuckets} buckets.`}
      </p>
      <Field label="Buckets" hint="More buckets let more buyers order at the same moment; 8 suits most sales.">
        <Select name="buckets" value={buckets} onChange={(e) => setBuckets(e.target.value)}>
          {BUCKET_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n === 0 ? "Off (normal mode)" : `${n} buckets`}
            </option>
          ))}
        </Select>
      </Field>
      <DialogActions>
        <Button variant="secondary" onClick={onClose} disabled={setMode.isPending}>
          Cancel
        </Button>
        <Button type="submit" loading={setMode.isPending}>
          Save
        </Button>
      </DialogActions>
    </form>
  );
}
