"use client";

import { amountProblemCode, type AmountProblem } from "@trade/api/money";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert, Button, Dialog, DialogActions, Field, Input, Select, useToast } from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { fieldErrorsOf } from "@trade/api/client";
import { useFormat } from "~/lib/format";
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

const PROBLEMS = {
  format: "problemFormat",
  noDecimals: "problemNoDecimals",
  tooManyDecimals: "problemTooManyDecimals",
  notPositive: "problemNotPositive",
} as const satisfies Record<AmountProblem, string>;

/** The price check of the forms, worded in the page's language. */
function usePriceProblem() {
  const t = useTranslations("skuDialogs");
  return (price: string, scale: number) => {
    const code = amountProblemCode(price, scale);
    return code ? t(PROBLEMS[code], { scale }) : undefined;
  };
}

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
  const t = useTranslations("skuDialogs");
  return (
    <Dialog open={open} onClose={onClose} title={t("addTitle")} description={t("addDescription")}>
      <AddSkuForm productId={productId} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

function AddSkuForm({ productId, onClose, onDone }: { productId: number; onClose: () => void; onDone: Done }) {
  const trpc = useTRPC();
  const toast = useToast();
  const currencies = useQuery(trpc.catalog.currencies.queryOptions(undefined, { staleTime: 60_000 }));
  const t = useTranslations("skuDialogs");
  const priceProblem = usePriceProblem();
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
        toast(t("added", { code: sku.code }));
        onClose();
      },
    }),
  );

  const selected = currencies.data?.find((c) => c.code === (currency || currencies.data?.[0]?.code));
  const server = fieldErrorsOf(create.error);
  const attrs = attributes.filter((a) => a.key.trim() || a.value.trim());
  const errors = {
    code: !code.trim() ? t("enterCode") : server.code,
    price: !price.trim()
      ? t("enterPrice")
      : selected
        ? (priceProblem(price, selected.scale) ?? server.price)
        : server.price,
    stock: !/^\d{1,8}$/.test(stock.trim()) ? t("wholeNumber") : server.stock,
    attributes: attrs.some((a) => !a.key.trim())
      ? t("attrNameNeeded")
      : new Set(attrs.map((a) => a.key.trim())).size !== attrs.length
        ? t("attrNamesDiffer")
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
      <Field label={t("code")} hint={t("codeHint")} error={show(errors.code)}>
        <Input name="code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={64} autoComplete="off" />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-neutral-800">{t("attributes")}</legend>
        {attributes.map((attr, index) => (
          <div key={index} className="flex gap-2">
            <Input
              aria-label={t("attrName", { n: index + 1 })}
              placeholder={t("attrNamePlaceholder")}
              value={attr.key}
              maxLength={40}
              onChange={(e) =>
                setAttributes((all) => all.map((a, i) => (i === index ? { ...a, key: e.target.value } : a)))
              }
            />
            <Input
              aria-label={t("attrValue", { n: index + 1 })}
              placeholder={t("attrValuePlaceholder")}
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
              aria-label={t("removeAttr", { n: index + 1 })}
            >
              ×
            </Button>
          </div>
        ))}
        {attributes.length < 10 && (
          <Button variant="outline" size="sm" onClick={() => setAttributes((all) => [...all, { key: "", value: "" }])}>
            {t("addAttr")}
          </Button>
        )}
        {submitted && errors.attributes && <p className="text-xs font-medium text-red-700">{errors.attributes}</p>}
      </fieldset>
      <div className="grid grid-cols-[1fr_8rem] gap-3">
        <Field
          label={t("price")}
          error={show(errors.price)}
          hint={
            selected
              ? selected.scale === 0
                ? t("noDecimals")
                : t("upToDecimals", { scale: selected.scale })
              : undefined
          }
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
        <Field label={t("currency")}>
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
      <Field label={t("initialStock")} error={show(errors.stock)}>
        <Input name="stock" inputMode="numeric" value={stock} onChange={(e) => setStock(e.target.value)} />
      </Field>
      <DialogActions>
        <Button variant="outline" onClick={onClose} disabled={create.isPending}>
          {t("cancel")}
        </Button>
        <Button type="submit" loading={create.isPending} disabled={!selected}>
          {t("addTitle")}
        </Button>
      </DialogActions>
    </form>
  );
}

export function EditPriceDialog({ sku, onClose, onDone }: { sku: SkuRow | null; onClose: () => void; onDone: Done }) {
  const t = useTranslations("skuDialogs");
  return (
    <Dialog
      open={sku !== null}
      onClose={onClose}
      title={sku ? t("priceTitle", { code: sku.code }) : ""}
      description={t("priceDescription")}
    >
      {sku && <EditPriceForm sku={sku} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function EditPriceForm({ sku, onClose, onDone }: { sku: SkuRow; onClose: () => void; onDone: Done }) {
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
      <DialogActions>
        <Button variant="outline" onClick={onClose} disabled={update.isPending}>
          {t("cancel")}
        </Button>
        <Button type="submit" loading={update.isPending} disabled={price.trim() === sku.price}>
          {t("savePrice")}
        </Button>
      </DialogActions>
    </form>
  );
}

export function AdjustStockDialog({ sku, onClose, onDone }: { sku: SkuRow | null; onClose: () => void; onDone: Done }) {
  const t = useTranslations("skuDialogs");
  return (
    <Dialog
      open={sku !== null}
      onClose={onClose}
      title={sku ? t("stockTitle", { code: sku.code }) : ""}
      description={t("stockDescription")}
    >
      {sku && <AdjustStockForm sku={sku} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function AdjustStockForm({ sku, onClose, onDone }: { sku: SkuRow; onClose: () => void; onDone: Done }) {
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
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="direction"
              value="add"
              checked={direction === "add"}
              onChange={() => setDirection("add")}
              className="size-4 accent-indigo-600"
            />
            {t("addPlus")}
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
            {t("removeMinus")}
          </label>
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
      <DialogActions>
        <Button variant="outline" onClick={onClose} disabled={adjust.isPending}>
          {t("cancel")}
        </Button>
        <Button type="submit" variant={direction === "remove" ? "danger" : "primary"} loading={adjust.isPending}>
          {direction === "add" ? t("addStock") : t("removeStock")}
        </Button>
      </DialogActions>
    </form>
  );
}
