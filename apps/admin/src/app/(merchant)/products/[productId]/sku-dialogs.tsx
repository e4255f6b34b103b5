"use client";

import { amountProblem } from "@trade/api/money";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert, Button, Dialog, DialogActions, Field, Input, Select, useToast } from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { fieldErrorsOf } from "@trade/api/client";
import { formatCount, money } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export interface SkuRow {
  id: number;
  code: string;
  price: string;
  currency: string;
  scale: number;
  stock: number;
  stockLocked: number;
  sold: number;
  /** 0: normal mode; N: flash-sale mode with N stock buckets. */
  flashBuckets: number;
  attributes: Record<string, string>;
}

type Done = () => Promise<unknown>;

export function AddSkuDialog({
  open,
  productId,
  onClose,
  onDone,
}: {
  open: boolean;
  productId: number;
  onClose: () => void;
  onDone: Done;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add SKU"
      description="A variant of this product with its own code, price and stock. New SKUs are listed."
    >
      <AddSkuForm productId={productId} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

function AddSkuForm({ productId, onClose, onDone }: { productId: number; onClose: () => void; onDone: Done }) {
  const trpc = useTRPC();
  const toast = useToast();
  const currencies = useQuery(trpc.catalog.currencies.queryOptions(undefined, { staleTime: 60_000 }));
  const [code, setCode] = useState("");
  const [attributes, setAttributes] = useState<{ key: string; value: string }[]>([{ key: "", value: "" }]);
  const [price, setPrice] = useState("");
  const [currency, setCurrency] = useState("");
  const [stock, setStock] = useState("0");
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation(
    trpc.merchant.skus.create.mutationOptions({
      onSuccess: async (sku) => {
        await onDone();
        toast(`SKU ${sku.code} added.`);
        onClose();
      },
    }),
  );

  const selected = currencies.data?.find((c) => c.code === (currency || currencies.data?.[0]?.code));
  const server = fieldErrorsOf(create.error);
  const attrs = attributes.filter((a) => a.key.trim() || a.value.trim());
  const errors = {
    code: !code.trim() ? "Enter a code, e.g. TSHIRT-RED-M." : server.code,
    price: !price.trim()
      ? "Enter a price."
      : selected
        ? (amountProblem(price, selected.scale) ?? server.price)
        : server.price,
    stock: !/^\d{1,8}$/.test(stock.trim()) ? "A whole number, 0 or more." : server.stock,
    attributes: attrs.some((a) => !a.key.trim())
      ? "Every attribute needs a name."
      : new Set(attrs.map((a) => a.key.trim())).size !== attrs.length
        ? "Attribute names must be different."
        : server.attributes,
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!selected || errors.code || errors.price || errors.stock || errors.attributes) return;
    create.mutate({
      productId,
      code: code.trim(),
      attributes: Object.fromEntries(attrs.map((a) => [a.key.trim(), a.value.trim()])),
      price: price.trim(),
      currency: selected.code,
      stock: Number(stock),
    });
  }

  const show = (message: string | undefined) => (submitted ? message : undefined);
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <ErrorAlert error={create.error} />
      <Field label="SKU code" hint="Unique among your SKUs." error={show(errors.code)}>
        <Input name="code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={64} autoComplete="off" />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-neutral-800">Attributes</legend>
        {attributes.map((attr, index) => (
          <div key={index} className="flex gap-2">
            <Input
              aria-label={`Attribute ${index + 1} name`}
              placeholder="e.g. colour"
              value={attr.key}
              maxLength={40}
              onChange={(e) =>
                setAttributes((all) => all.map((a, i) => (i === index ? { ...a, key: e.target.value } : a)))
              }
            />
            <Input
              aria-label={`Attribute ${index + 1} value`}
              placeholder="e.g. red"
              value={attr.value}
              maxLength={100}
              onChange={(e) =>
                setAttributes((all) => all.map((a, i) => (i === index ? { ...a, value: e.target.value } : a)))
              }
            />
            <Button
              variant="ghost"
              onClick={() =>
                setAttributes((all) => (all.length > 1 ? all.filter((_, i) => i !== index) : [{ key: "", value: "" }]))
              }
              aria-label={`Remove attribute ${index + 1}`}
            >
              ×
            </Button>
          </div>
        ))}
        {attributes.length < 10 && (
          <Button variant="outline" size="sm" onClick={() => setAttributes((all) => [...all, { key: "", value: "" }])}>
            Add attribute
          </Button>
        )}
        {submitted && errors.attributes && <p className="text-xs font-medium text-red-700">{errors.attributes}</p>}
      </fieldset>
      <div className="grid grid-cols-[1fr_8rem] gap-3">
        <Field
          label="Price"
          error={show(errors.price)}
          hint={selected ? (selected.scale === 0 ? "No decimals" : `Up to ${selected.scale} decimals`) : undefined}
        >
          <Input
            name="price"
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            placeholder={selected?.scale === 0 ? "500" : "12.50"}
            autoComplete="off"
          />
        </Field>
        <Field label="Currency">
          <Select
            name="currency"
            value={selected?.code ?? ""}
            onChange={(e) => setCurrency(e.target.value)}
            disabled={!currencies.data}
          >
            {currencies.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <ErrorAlert error={currencies.error} />
      <Field label="Initial stock" error={show(errors.stock)}>
        <Input name="stock" inputMode="numeric" value={stock} onChange={(e) => setStock(e.target.value)} />
      </Field>
      <DialogActions>
        <Button variant="outline" onClick={onClose} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} disabled={!selected}>
          Add SKU
        </Button>
      </DialogActions>
    </form>
  );
}

export function EditPriceDialog({ sku, onClose, onDone }: { sku: SkuRow | null; onClose: () => void; onDone: Done }) {
  return (
    <Dialog
      open={sku !== null}
      onClose={onClose}
      title={sku ? `Price of ${sku.code}` : ""}
      description="Applies to new orders. Unpaid orders keep the price they were placed at."
    >
      {sku && <EditPriceForm sku={sku} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function EditPriceForm({ sku, onClose, onDone }: { sku: SkuRow; onClose: () => void; onDone: Done }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [price, setPrice] = useState(sku.price);
  const [submitted, setSubmitted] = useState(false);
  const update = useMutation(
    trpc.merchant.skus.update.mutationOptions({
      onSuccess: async (updated) => {
        await onDone();
        toast(`Price of ${updated.code} is now ${money(updated.price, updated.currency, updated.scale)}.`);
        onClose();
      },
    }),
  );
  const problem = amountProblem(price, sku.scale) ?? fieldErrorsOf(update.error).price;
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (!problem) update.mutate({ skuId: sku.id, price: price.trim() });
      }}
    >
      <ErrorAlert error={update.error} />
      <Field
        label={`New price (${sku.currency})`}
        hint={`Now ${money(sku.price, sku.currency, sku.scale)}`}
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
      <DialogActions>
        <Button variant="outline" onClick={onClose} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending} disabled={price.trim() === sku.price}>
          Save price
        </Button>
      </DialogActions>
    </form>
  );
}

export function AdjustStockDialog({ sku, onClose, onDone }: { sku: SkuRow | null; onClose: () => void; onDone: Done }) {
  return (
    <Dialog
      open={sku !== null}
      onClose={onClose}
      title={sku ? `Adjust stock of ${sku.code}` : ""}
      description="Add received goods or remove damaged or lost ones. Every change is recorded with its reason."
    >
      {sku && <AdjustStockForm sku={sku} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function AdjustStockForm({ sku, onClose, onDone }: { sku: SkuRow; onClose: () => void; onDone: Done }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [direction, setDirection] = useState<"add" | "remove">("add");
  const [quantity, setQuantity] = useState("");
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const adjust = useMutation(
    trpc.merchant.skus.adjustStock.mutationOptions({
      onSuccess: async (result) => {
        await onDone();
        toast(`Stock of ${sku.code} is now ${formatCount(result.stock)}.`);
        onClose();
      },
    }),
  );
  const qty = /^\d{1,8}$/.test(quantity.trim()) ? Number(quantity) : NaN;
  const errors = {
    quantity: !Number.isFinite(qty) || qty <= 0 ? "Enter a whole number greater than 0." : undefined,
    reason: !reason.trim() ? "Say why, e.g. “restock” or “damaged”." : undefined,
  };
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (errors.quantity || errors.reason) return;
        adjust.mutate({ skuId: sku.id, delta: direction === "add" ? qty : -qty, reason: reason.trim() });
      }}
    >
      <dl className="grid grid-cols-3 gap-2 rounded-md bg-neutral-50 p-3 text-center text-sm ring-1 ring-neutral-200">
        <div>
          <dt className="text-neutral-500">Stock</dt>
          <dd className="font-semibold tabular-nums">{formatCount(sku.stock)}</dd>
        </div>
        <div>
          <dt className="text-neutral-500">Held</dt>
          <dd className="font-semibold tabular-nums">{formatCount(sku.stockLocked)}</dd>
        </div>
        <div>
          <dt className="text-neutral-500">Sold</dt>
          <dd className="font-semibold tabular-nums">{formatCount(sku.sold)}</dd>
        </div>
      </dl>
      {adjust.error ? (
        <ErrorAlert error={adjust.error} />
      ) : (
        direction === "remove" &&
        sku.stockLocked > 0 && (
          <Alert tone="info">
            {formatCount(sku.stockLocked)} unit(s) are held by unpaid orders and cannot be removed; at most{" "}
            {formatCount(sku.stock)} can.
          </Alert>
        )
      )}
      <fieldset>
        <legend className="text-sm font-medium text-neutral-800">Change</legend>
        <div className="mt-1 flex gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="direction"
              value="add"
              checked={direction === "add"}
              onChange={() => setDirection("add")}
              className="size-4 accent-indigo-600"
            />
            Add (+)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="direction"
              value="remove"
              checked={direction === "remove"}
              onChange={() => setDirection("remove")}
              className="size-4 accent-indigo-600"
            />
            Remove (−)
          </label>
        </div>
      </fieldset>
      <Field label="Quantity" error={submitted ? errors.quantity : undefined}>
        <Input
          name="quantity"
          inputMode="numeric"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          autoComplete="off"
        />
      </Field>
      <Field label="Reason" error={submitted ? errors.reason : undefined}>
        <Input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          placeholder="restock, damaged, stock count…"
        />
      </Field>
      <DialogActions>
        <Button variant="outline" onClick={onClose} disabled={adjust.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant={direction === "remove" ? "danger" : "primary"} loading={adjust.isPending}>
          {direction === "add" ? "Add stock" : "Remove stock"}
        </Button>
      </DialogActions>
    </form>
  );
}
