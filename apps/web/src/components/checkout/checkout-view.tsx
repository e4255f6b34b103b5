"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ErrorAlert } from "~/components/error-alert";
import { Alert, Badge, Button, buttonClass, Card, CardBody, CardHeader, LoadingRegion, Skeleton } from "@trade/ui";
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
  excluded: { title: string; reason: string }[];
  total: string;
}

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
            reason:
              l.available < l.quantity
                ? l.available <= 0
                  ? "sold out"
                  : `only ${l.available} left`
                : "no longer for sale",
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
        sku.available < source.quantity
          ? [{ title: product.data.title, reason: sku.available <= 0 ? "sold out" : `only ${sku.available} left` }]
          : [],
    },
  };
}

export function CheckoutView({ source }: { source: CheckoutSource }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const fmt = useFormatMoney();
  const { draft, isPending, error: loadError } = useDraft(source);
  const accounts = useQuery(trpc.wallet.accounts.queryOptions());
  const [placedId, setPlacedId] = useState<number | null>(null);
  const inFlight = useRef(false);

  const place = useMutation(trpc.order.place.mutationOptions());
  const clearCart = useMutation(trpc.cart.clear.mutationOptions());

  if (placedId !== null) {
    return (
      <LoadingRegion label="Opening your order">
        <Alert tone="success" title="Order placed">
          Opening order #{placedId}…
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
        title="Nothing to check out here"
        action={
          <Link href="/cart" className={buttonClass("outline", "sm")}>
            Back to cart
          </Link>
        }
      >
        These items are no longer in your cart, or none of them can be ordered right now.
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
          description={`${draft.lines.length} ${draft.lines.length === 1 ? "item" : "items"} · one order in ${draft.currency}`}
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
            <Alert tone="warning" title="Left out of this order">
              {draft.excluded.map((e) => `${e.title} (${e.reason})`).join("; ")}
            </Alert>
          </CardBody>
        )}
      </Card>

      <Card className="lg:sticky lg:top-24">
        <CardHeader title="Summary" />
        <CardBody className="space-y-4">
          <dl className="space-y-2 text-sm">
            <div className="flex items-baseline justify-between gap-4">
              <dt className="text-zinc-600">Order total</dt>
              <dd>
                <Money
                  amount={draft.total}
                  currency={draft.currency}
                  scale={draft.scale}
                  className="text-lg font-semibold text-zinc-900"
                  data-testid="checkout-total"
                />
              </dd>
            </div>
            <div className="flex items-baseline justify-between gap-4">
              <dt className="text-zinc-600">Wallet balance ({draft.currency})</dt>
              <dd data-testid="checkout-balance">
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
              </dd>
            </div>
            {account && !short && (
              <div className="flex items-baseline justify-between gap-4 border-t border-zinc-100 pt-2">
                <dt className="text-zinc-600">Left after this order</dt>
                <dd>
                  <Money
                    amount={minus(account.available, draft.total, draft.scale)}
                    currency={draft.currency}
                    scale={draft.scale}
                  />
                </dd>
              </div>
            )}
          </dl>

          {short && !place.error && (
            <Alert
              tone="warning"
              title="Your balance is too low"
              data-testid="funds-warning"
              action={
                <Link
                  href={`/wallet?deposit=${draft.currency}&amount=${short}`}
                  className={buttonClass("outline", "sm")}
                >
                  Deposit {fmt(short, draft.currency, draft.scale)}
                </Link>
              }
            >
              You need {fmt(short, draft.currency, draft.scale)} more in {draft.currency} to place this order.
            </Alert>
          )}
          {place.error && <ErrorAlert error={place.error} />}

          <Button
            size="lg"
            className="w-full"
            onClick={onPlace}
            loading={place.isPending || clearCart.isPending}
            loadingText="Placing order…"
          >
            Place order · {fmt(draft.total, draft.currency, draft.scale)}
          </Button>
          <p className="text-xs leading-relaxed text-zinc-600">
            Placing the order holds {fmt(draft.total, draft.currency, draft.scale)} in your wallet and reserves the
            items for 30 minutes. You pay, or cancel, on the next page.
          </p>
        </CardBody>
      </Card>
    </div>
  );
}

function CheckoutSkeleton() {
  return (
    <LoadingRegion label="Loading checkout" className="grid gap-6 lg:grid-cols-[1fr_22rem]">
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
