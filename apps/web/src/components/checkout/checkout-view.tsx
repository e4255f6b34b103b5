"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import {
  Alert,
  Badge,
  Button,
  buttonClass,
  Card,
  CardBody,
  CardHeader,
  DescriptionItem,
  ErrorAlert,
  LoadingRegion,
  Skeleton,
} from "@trade/ui";
import { compare, minus, sum, times } from "@trade/api/money";
import { finishIntent, intentKey } from "~/lib/idempotency";
import { Money, useFormatMoney } from "~/lib/money";
import { useTRPC } from "~/trpc/react";

export type CheckoutSource =
  | { kind: "cart"; merchantId: number; currency: string }
  | { kind: "buy-now"; productId: number; skuId: number; quantity: number };

interface Line {
  skuId: number;
  title: string;
  detail: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

interface Draft {
  merchant: { id: number; name: string };
  currency: string;
  scale: number;
  lines: Line[];
  excluded: { title: string; reason: Reason }[];
  total: string;
}

/** Why a line is left out, as a "checkout" message key (with the stock left for reasonOnlyLeft). */
interface Reason {
  key: "reasonSoldOut" | "reasonOnlyLeft" | "reasonNotForSale";
  count: number;
}

const stockReason = (available: number): Reason => ({
  key: available <= 0 ? "reasonSoldOut" : "reasonOnlyLeft",
  count: available,
});

const detailOf = (attributes: Record<string, string>, code: string) =>
  Object.keys(attributes).length > 0 ? Object.values(attributes).join(" · ") : code;

/** The order about to be placed, from the cart group or the "buy now" SKU. */
function useDraft(source: CheckoutSource): { draft: Draft | null; isPending: boolean; error: unknown } {
  const trpc = useTRPC();
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), enabled: source.kind === "cart" });
  const product = useQuery({
    ...trpc.catalog.product.queryOptions({ id: source.kind === "buy-now" ? source.productId : 0 }),
    enabled: source.kind === "buy-now",
  });

  if (source.kind === "cart") {
    if (!cart.data) return { draft: null, isPending: cart.isPending, error: cart.error };
    const group = cart.data.groups.find((g) => g.merchant.id === source.merchantId && g.currency === source.currency);
    if (!group) return { draft: null, isPending: false, error: null };
    return {
      isPending: false,
      error: null,
      draft: {
        merchant: group.merchant,
        currency: group.currency,
        scale: group.scale,
        total: group.total,
        lines: group.lines
          .filter((l) => l.purchasable)
          .map((l) => ({
            skuId: l.skuId,
            title: l.title,
            detail: detailOf(l.attributes, l.code),
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            lineTotal: l.lineTotal,
          })),
        excluded: group.lines
          .filter((l) => !l.purchasable)
          .map((l) => ({
            title: l.title,
            reason: l.available < l.quantity ? stockReason(l.available) : { key: "reasonNotForSale", count: 0 },
          })),
      },
    };
  }
  if (!product.data) return { draft: null, isPending: product.isPending, error: product.error };
  const sku = product.data.skus.find((s) => s.id === source.skuId);
  if (!sku) return { draft: null, isPending: false, error: null };
  const lineTotal = times(sku.price, source.quantity, sku.scale);
  return {
    isPending: false,
    error: null,
    draft: {
      merchant: product.data.merchant,
      currency: sku.currency,
      scale: sku.scale,
      total: sum([lineTotal], sku.scale),
      lines: [
        {
          skuId: sku.id,
          title: product.data.title,
          detail: detailOf(sku.attributes, sku.code),
          quantity: source.quantity,
          unitPrice: sku.price,
          lineTotal,
        },
      ],
      excluded:
        sku.available < source.quantity ? [{ title: product.data.title, reason: stockReason(sku.available) }] : [],
    },
  };
}

export function CheckoutView({ source }: { source: CheckoutSource }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const fmt = useFormatMoney();
  const t = useTranslations("checkout");
  const { draft, isPending, error: loadError } = useDraft(source);
  const accounts = useQuery(trpc.wallet.accounts.queryOptions());
  const [placedId, setPlacedId] = useState<number | null>(null);
  const inFlight = useRef(false);

  const place = useMutation(trpc.order.place.mutationOptions());
  const clearCart = useMutation(trpc.cart.clear.mutationOptions());

  if (placedId !== null) {
    return (
      <LoadingRegion label={t("opening")}>
        <Alert tone="success" title={t("placed")}>
          {t("openingOrder", { id: String(placedId) })}
        </Alert>
      </LoadingRegion>
    );
  }
  if (isPending) return <CheckoutSkeleton />;
  if (loadError) return <ErrorAlert error={loadError} />;
  if (!draft || draft.lines.length === 0) {
    return (
      <Alert
        tone="warning"
        title={t("nothingHereTitle")}
        action={
          <Link href="/cart" className={buttonClass("outline", "sm")}>
            {t("backToCart")}
          </Link>
        }
      >
        {t("nothingHereBody")}
      </Alert>
    );
  }

  const account = accounts.data?.find((a) => a.currency === draft.currency);
  const short =
    account && compare(account.available, draft.total, draft.scale) < 0
      ? minus(draft.total, account.available, draft.scale)
      : null;
  const items = draft.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));

  async function onPlace() {
    if (!draft || inFlight.current) return;
    inFlight.current = true;
    // One key per intent (these items, these quantities): a double click, a retry or a reload
    // sends the same key, and the server answers with the order it already placed.
    const fingerprint = JSON.stringify([...items].sort((a, b) => a.skuId - b.skuId));
    const idempotencyKey = intentKey("place-order", fingerprint);
    try {
      const order = await place.mutateAsync({ items, idempotencyKey });
      finishIntent("place-order");
      setPlacedId(order.id);
      queryClient.setQueryData(trpc.order.get.queryKey({ orderId: order.id }), order);
      if (source.kind === "cart")
        await clearCart.mutateAsync({ skuIds: items.map((i) => i.skuId) }).then(
          (cart) => queryClient.setQueryData(trpc.cart.get.queryKey(), cart),
          () => undefined,
        );
      void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
      router.push(`/orders/${order.id}`);
    } catch {
      // shown from place.error
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem] lg:items-start">
      <Card>
        <CardHeader
          title={draft.merchant.name}
          description={t("linesDescription", { count: draft.lines.length, currency: draft.currency })}
          actions={<Badge tone="brand">{draft.currency}</Badge>}
        />
        <ul className="divide-y divide-zinc-100">
          {draft.lines.map((l) => (
            <li key={l.skuId} className="flex items-start justify-between gap-4 px-5 py-4" data-testid="checkout-line">
              <div className="min-w-0">
                <p className="font-medium text-zinc-900">{l.title}</p>
                <p className="text-sm text-zinc-600">{l.detail}</p>
                <p className="text-sm text-zinc-600">
                  {l.quantity} × <Money amount={l.unitPrice} currency={draft.currency} scale={draft.scale} />
                </p>
              </div>
              <Money
                amount={l.lineTotal}
                currency={draft.currency}
                scale={draft.scale}
                className="font-medium text-zinc-900"
              />
            </li>
          ))}
        </ul>
        {draft.excluded.length > 0 && (
          <CardBody className="border-t border-zinc-100">
            <Alert tone="warning" title={t("excludedTitle")}>
              {draft.excluded
                .map((e) => t("excludedLine", { title: e.title, reason: t(e.reason.key, { count: e.reason.count }) }))
                .join("; ")}
            </Alert>
          </CardBody>
        )}
      </Card>

      <Card className="lg:sticky lg:top-24">
        <CardHeader title={t("summary")} />
        <CardBody className="space-y-4">
          <dl className="space-y-2 text-sm">
            <DescriptionItem inline label={t("orderTotal")}>
              <Money
                amount={draft.total}
                currency={draft.currency}
                scale={draft.scale}
                className="text-lg font-semibold text-zinc-900"
                data-testid="checkout-total"
              />
            </DescriptionItem>
            <DescriptionItem
              inline
              label={t("walletBalance", { currency: draft.currency })}
              valueTestId="checkout-balance"
            >
              {account ? (
                <Money
                  amount={account.available}
                  currency={draft.currency}
                  scale={draft.scale}
                  className="font-medium"
                />
              ) : accounts.isPending ? (
                <Skeleton className="h-4 w-16" />
              ) : (
                "—"
              )}
            </DescriptionItem>
            {account && !short && (
              <DescriptionItem inline label={t("leftAfter")} className="border-t border-zinc-100 pt-2">
                <Money
                  amount={minus(account.available, draft.total, draft.scale)}
                  currency={draft.currency}
                  scale={draft.scale}
                />
              </DescriptionItem>
            )}
          </dl>

          {short && !place.error && (
            <Alert
              tone="warning"
              title={t("lowBalance")}
              data-testid="funds-warning"
              action={
                <Link
                  href={`/wallet?deposit=${draft.currency}&amount=${short}`}
                  className={buttonClass("outline", "sm")}
                >
                  {t("deposit", { amount: fmt(short, draft.currency, draft.scale) })}
                </Link>
              }
            >
              {t("needMore", { amount: fmt(short, draft.currency, draft.scale), currency: draft.currency })}
            </Alert>
          )}
          {place.error && <ErrorAlert error={place.error} />}

          <Button
            size="lg"
            className="w-full"
            onClick={onPlace}
            loading={place.isPending || clearCart.isPending}
            loadingText={t("placing")}
          >
            {t("placeOrder", { amount: fmt(draft.total, draft.currency, draft.scale) })}
          </Button>
          <p className="text-xs leading-relaxed text-zinc-600">
            {t("holdNote", { amount: fmt(draft.total, draft.currency, draft.scale) })}
          </p>
        </CardBody>
      </Card>
    </div>
  );
}

function CheckoutSkeleton() {
  const t = useTranslations("checkout");
  return (
    <LoadingRegion label={t("loading")} className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <div className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-5">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-12 w-full" />
        <Skeleton className="h-12 w-full" />
      </div>
      <div className="space-y-3 rounded-2xl border border-zinc-200 bg-white p-5">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-12 w-full" />
      </div>
    </LoadingRegion>
  );
}
