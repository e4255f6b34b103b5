"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, DialogForm, ErrorAlert, Field, Input, Select, useToast } from "@trade/ui";
import { fieldErrorsOf } from "@trade/api/client";
import { useTRPC } from "~/trpc/react";
import { usePriceProblem, type SkuFormProps } from "./sku-row";

export function AddSkuForm({ productId, onClose, onDone }: SkuFormProps & { productId: number }) {
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

  function submit() {
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
    <DialogForm
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={t("addTitle")}
      submitDisabled={!selected}
      busy={create.isPending}
      alert={<ErrorAlert error={create.error} />}
    >
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
    </DialogForm>
  );
}
