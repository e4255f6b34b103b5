"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Alert, Button, cn, ErrorAlert } from "@trade/ui";
import { Money } from "~/lib/money";
import type { SkuData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { QuantityInput } from "./quantity-input";
import { StockStatus } from "./stock-status";

// SKUs without attributes are picked by code, under a translated "Option" heading.
const CODE_KEY = "\u0000code";

/** Attribute names in first-seen order; SKUs without attributes are told apart by their code. */
function attributeKeys(skus: SkuData[]): string[] {
  const keys: string[] = [];
  for (const s of skus) for (const k of Object.keys(s.attributes)) if (!keys.includes(k)) keys.push(k);
  return keys.length === 0 && skus.length > 1 ? [CODE_KEY] : keys;
}

function valueOf(sku: SkuData, key: string): string | undefined {
  return key === CODE_KEY ? sku.code : sku.attributes[key];
}

function selectionOf(sku: SkuData | undefined, keys: string[]): Record<string, string> {
  if (!sku) return {};
  return Object.fromEntries(keys.map((k) => [k, valueOf(sku, k) ?? ""]));
}

function label(key: string, option: string): string {
  if (key === CODE_KEY) return option;
  return key.charAt(0).toUpperCase() + key.slice(1);
}

export function SkuPicker({
  product,
  skus,
  signedIn,
}: {
  product: { id: number; title: string };
  skus: SkuData[];
  signedIn: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const t = useTranslations("product");
  const keys = useMemo(() => attributeKeys(skus), [skus]);
  const [selection, setSelection] = useState<Record<string, string>>(() =>
    selectionOf(skus.find((s) => s.available > 0) ?? skus[0], keys),
  );
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);

  const selected = skus.find((s) => keys.every((k) => valueOf(s, k) === selection[k]));
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), enabled: signedIn });
  const inCart = cart.data?.groups.flatMap((g) => g.lines).find((l) => l.skuId === selected?.id)?.quantity ?? 0;
  const available = selected?.available ?? 0;
  const canAdd = Math.max(0, Math.min(available, 999) - inCart);
  const qty = Math.min(quantity, Math.max(1, available));

  const addToCart = useMutation(
    trpc.cart.set.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.cart.get.queryKey(), next);
        setAdded(qty);
      },
    }),
  );

  function choose(key: string, value: string) {
    setAdded(null);
    setQuantity(1);
    addToCart.reset();
    const next = { ...selection, [key]: value };
    if (skus.some((s) => keys.every((k) => valueOf(s, k) === next[k]))) return setSelection(next);
    // That combination does not exist: jump to the best SKU with the chosen value.
    const candidates = skus.filter((s) => valueOf(s, key) === value);
    const best = candidates.find((s) => s.available > 0) ?? candidates[0];
    setSelection(selectionOf(best, keys));
  }

  function optionState(key: string, value: string): "ok" | "soldout" | "missing" {
    const matches = skus.filter(
      (s) => valueOf(s, key) === value && keys.every((k) => k === key || valueOf(s, k) === selection[k]),
    );
    if (matches.length === 0) return "missing";
    return matches.some((s) => s.available > 0) ? "ok" : "soldout";
  }

  function requireSignIn(returnTo: string): boolean {
    if (signedIn) return true;
    router.push(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
    return false;
  }

  function onAdd() {
    if (!selected || addToCart.isPending) return;
    if (!requireSignIn(`/products/${product.id}`)) return;
    addToCart.mutate({ skuId: selected.id, quantity: Math.min(inCart + qty, 999) });
  }

  function onBuyNow() {
    if (!selected) return;
    const target = `/checkout?product=${product.id}&sku=${selected.id}&qty=${qty}`;
    if (!requireSignIn(target)) return;
    router.push(target);
  }

  if (skus.length === 0) {
    return (
      <Alert tone="warning" title={t("notAvailableTitle")}>
        {t("notAvailableBody")}
      </Alert>
    );
  }

  return (
    <div className="space-y-5" data-testid="sku-picker">
      {keys.map((key) => {
        const values = [...new Set(skus.map((s) => valueOf(s, key)).filter((v): v is string => Boolean(v)))];
        return (
          <fieldset key={key} className="space-y-2">
            <legend className="text-sm font-medium text-zinc-800">
              {label(key, t("option"))}: <span className="font-normal text-zinc-600">{selection[key]}</span>
            </legend>
            <div className="flex flex-wrap gap-2">
              {values.map((value) => {
                const state = optionState(key, value);
                const id = `opt-${key === CODE_KEY ? "code" : key}-${value}`.replace(/\s+/g, "-");
                return (
                  <label
                    key={value}
                    htmlFor={id}
                    className={cn(
                      "relative inline-flex h-10 min-w-12 cursor-pointer items-center justify-center rounded-lg border px-3 text-sm font-medium shadow-sm transition-colors",
                      "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600",
                      selection[key] === value
                        ? "border-indigo-600 bg-indigo-50 text-indigo-800 ring-1 ring-indigo-600"
                        : "border-zinc-300 bg-white text-zinc-800 hover:border-zinc-400",
                      state !== "ok" && "text-zinc-500",
                      state === "soldout" && "line-through decoration-zinc-400",
                    )}
                  >
                    <input
                      id={id}
                      type="radio"
                      name={`attr-${key === CODE_KEY ? "code" : key}`}
                      value={value}
                      checked={selection[key] === value}
                      onChange={() => choose(key, value)}
                      className="absolute inset-0 cursor-pointer appearance-none rounded-lg opacity-0"
                    />
                    {value}
                    {state === "soldout" && <span className="sr-only">{t("optionSoldOut")}</span>}
                    {state === "missing" && <span className="sr-only">{t("optionMissing")}</span>}
                  </label>
                );
              })}
            </div>
          </fieldset>
        );
      })}

      <div className="rounded-2xl border border-zinc-200 bg-white p-4 sm:p-5">
        {selected ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="text-2xl font-semibold text-zinc-900" data-testid="sku-price">
                <Money amount={selected.price} currency={selected.currency} scale={selected.scale} />
              </p>
              <p className="mt-0.5 text-xs text-zinc-600">
                {t("pricedIn", { code: selected.code, currency: selected.currency })}
              </p>
            </div>
            <StockStatus available={available} />
          </div>
        ) : (
          <p className="text-sm text-zinc-700">{t("noCombination")}</p>
        )}

        {selected && available > 0 && (
          <div className="mt-5 space-y-4">
            <div className="flex items-center gap-3">
              <QuantityInput
                id="quantity"
                label={t("quantity")}
                value={qty}
                max={Math.min(available, 999)}
                onChange={(n) => (setQuantity(n), setAdded(null))}
              />
              {inCart > 0 && <span className="text-sm text-zinc-600">{t("inCart", { count: inCart })}</span>}
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <Button
                size="lg"
                variant="outline"
                onClick={onAdd}
                loading={addToCart.isPending}
                loadingText={t("adding")}
                disabled={signedIn && qty > canAdd}
              >
                {t("addToCart")}
              </Button>
              <Button size="lg" onClick={onBuyNow}>
                {t("buyNow")}
              </Button>
            </div>
            {signedIn && qty > canAdd && (
              <p className="text-sm text-amber-800">
                {canAdd === 0 ? t("allInCart", { available }) : t("canAddMore", { canAdd, inCart })}
              </p>
            )}
          </div>
        )}
        <div aria-live="polite" className="empty:hidden mt-4">
          {added !== null && addToCart.isSuccess && (
            <Alert
              tone="success"
              title={t("added")}
              action={
                <Link href="/cart" className="font-medium text-emerald-900 underline">
                  {t("viewCart")}
                </Link>
              }
            >
              {added} × {product.title}
              {selected &&
                Object.keys(selected.attributes).length > 0 &&
                ` (${Object.values(selected.attributes).join(", ")})`}
            </Alert>
          )}
        </div>
        {addToCart.error && <ErrorAlert error={addToCart.error} className="mt-4" />}
      </div>
    </div>
  );
}
