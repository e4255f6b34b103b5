"use client";

import { useIsMutating, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { ProductImage } from "~/components/catalog/product-image";
import { QuantityInput } from "~/components/product/quantity-input";
import { Badge, buttonClass, Card, CardFooter, EmptyState, ErrorAlert, LoadingRegion, Skeleton } from "@trade/ui";
import { sum, times } from "@trade/api/money";
import { Money } from "~/lib/money";
import type { CartData, CartGroupData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { CartIcon } from "~/components/layout/cart-icon";

/** The cart as it will be after setting `skuId` to `quantity` (what the server will answer, computed here first). */
function withQuantity(cart: CartData, skuId: number, quantity: number): CartData {
  const groups = cart.groups
    .map((g) => {
      const lines = g.lines
        .filter((l) => l.skuId !== skuId || quantity > 0)
        .map((l) => {
          if (l.skuId !== skuId) return l;
          // A line refused only for lack of stock becomes purchasable again when it fits.
          const listed = l.purchasable || l.available < l.quantity;
          return {
            ...l,
            quantity,
            lineTotal: times(l.unitPrice, quantity, g.scale),
            purchasable: listed && l.available >= quantity,
          };
        });
      return {
        ...g,
        lines,
        total: sum(
          lines.filter((l) => l.purchasable).map((l) => l.lineTotal),
          g.scale,
        ),
      };
    })
    .filter((g) => g.lines.length > 0);
  return { groups, count: groups.reduce((n, g) => n + g.lines.reduce((m, l) => m + l.quantity, 0), 0) };
}

export function CartView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cartKey = trpc.cart.get.queryKey();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const [error, setError] = useState<unknown>(null);
  const t = useTranslations("cart");

  // Optimistic: the cart changes at once; a failure puts it back and says why. Cart changes
  // run one after another (mutation scope), so the last click always wins on the server.
  const setLine = useMutation(
    trpc.cart.set.mutationOptions({
      scope: { id: "cart" },
      onMutate: async ({ skuId, quantity }) => {
        setError(null);
        await queryClient.cancelQueries({ queryKey: cartKey });
        const previous = queryClient.getQueryData(cartKey);
        if (previous) queryClient.setQueryData(cartKey, withQuantity(previous, skuId, quantity));
        return { previous };
      },
      onError: (err, _vars, context) => {
        if (context?.previous) queryClient.setQueryData(cartKey, context.previous);
        setError(err);
      },
      onSettled: () => {
        if (queryClient.isMutating({ mutationKey: trpc.cart.set.mutationKey() }) <= 1)
          void queryClient.invalidateQueries({ queryKey: cartKey });
      },
    }),
  );

  const update = (skuId: number, quantity: number) => setLine.mutate({ skuId, quantity });
  // Changes still on their way to the server (queued ones included): said on screen, and leaving
  // the page meanwhile asks first, since a reload would drop a change not yet sent.
  const saving = useIsMutating({ mutationKey: trpc.cart.set.mutationKey() }) > 0;
  useEffect(() => {
    if (!saving) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [saving]);

  if (cart.isPending) return <CartSkeleton />;
  if (cart.error) return <ErrorAlert error={cart.error} />;
  if (cart.data.groups.length === 0) {
    return (
      <EmptyState
        title={t("empty")}
        icon={<CartIcon className="size-12" strokeWidth={1.5} />}
        action={
          <Link href="/" className={buttonClass()}>
            {t("browse")}
          </Link>
        }
      >
        {t("emptyBody")}
      </EmptyState>
    );
  }

  return (
    <div className="space-y-6">
      {/* Announced, not shown: the checkout button says "Saving…" on screen, and a line appearing
          above the cart would move the buttons under a clicking finger. */}
      <p role="status" aria-live="polite" className="sr-only">
        {saving ? <span data-testid="cart-saving">{t("saving")}</span> : null}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {cart.data.groups.map((group) => (
        <CartGroup key={`${group.merchant.id}:${group.currency}`} group={group} onQuantity={update} saving={saving} />
      ))}
    </div>
  );
}

function CartGroup({
  group,
  onQuantity,
  saving,
}: {
  group: CartGroupData;
  onQuantity: (skuId: number, quantity: number) => void;
  saving: boolean;
}) {
  const purchasable = group.lines.filter((l) => l.purchasable);
  const t = useTranslations("cart");
  const headingId = `cart-group-${group.merchant.id}-${group.currency}`;
  return (
    <Card data-testid="cart-group" aria-labelledby={headingId} role="region">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-100 px-5 py-4">
        <h2 id={headingId} className="text-base font-semibold text-zinc-900">
          {group.merchant.name}
        </h2>
        <Badge tone="brand">{t("paidIn", { currency: group.currency })}</Badge>
      </div>
      <ul className="divide-y divide-zinc-100">
        {group.lines.map((line) => (
          <li key={line.skuId} className="flex gap-4 px-5 py-4" data-testid="cart-line">
            <Link
              href={`/products/${line.productId}`}
              className="size-20 shrink-0 overflow-hidden rounded-xl border border-zinc-200 sm:size-24"
              tabIndex={-1}
              aria-hidden="true"
            >
              <ProductImage id={line.productId} title={line.title} imageUrl={line.imageUrl} />
            </Link>
            <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0 space-y-1">
                <Link href={`/products/${line.productId}`} className="font-medium text-zinc-900 hover:underline">
                  {line.title}
                </Link>
                <p className="text-sm text-zinc-600">
                  {Object.keys(line.attributes).length > 0
                    ? Object.entries(line.attributes)
                        .map(([k, v]) => `${k.charAt(0).toUpperCase()}${k.slice(1)}: ${v}`)
                        .join(" · ")
                    : line.code}
                </p>
                <p className="text-sm text-zinc-600">
                  {t.rich("each", {
                    price: () => <Money amount={line.unitPrice} currency={group.currency} scale={group.scale} />,
                  })}
                </p>
                {!line.purchasable && (
                  <p className="text-sm font-medium text-red-700">
                    {line.available <= 0
                      ? t("soldOut")
                      : line.available < line.quantity
                        ? t("onlyLeft", { count: line.available })
                        : t("notForSale")}
                    <span className="font-normal text-zinc-600">{t("notInTotal")}</span>
                  </p>
                )}
              </div>
              <div className="flex items-center justify-between gap-4 sm:flex-col sm:items-end">
                <QuantityInput
                  id={`qty-${line.skuId}`}
                  label={
                    Object.keys(line.attributes).length > 0
                      ? t("quantityOfWith", { title: line.title, options: Object.values(line.attributes).join(", ") })
                      : t("quantityOf", { title: line.title })
                  }
                  size="sm"
                  value={line.quantity}
                  max={Math.max(Math.min(line.available, 999), line.quantity, 1)}
                  onChange={(n) => n !== line.quantity && onQuantity(line.skuId, n)}
                />
                <div className="flex items-center gap-3">
                  <Money
                    amount={line.lineTotal}
                    currency={group.currency}
                    scale={group.scale}
                    className="font-semibold text-zinc-900"
                  />
                  <button
                    type="button"
                    onClick={() => onQuantity(line.skuId, 0)}
                    className="rounded-md px-1 text-sm font-medium text-zinc-600 hover:text-red-700 hover:underline"
                  >
                    {t("remove")}
                    <span className="sr-only"> {line.title}</span>
                  </button>
                </div>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <CardFooter className="justify-between">
        <p className="text-sm text-zinc-700">
          {t("totalItems", { count: purchasable.reduce((n, l) => n + l.quantity, 0) })}{" "}
          <Money
            amount={group.total}
            currency={group.currency}
            scale={group.scale}
            className="text-lg font-semibold text-zinc-900"
            data-testid="cart-group-total"
          />
        </p>
        {purchasable.length > 0 && saving ? (
          // Checkout reads the cart from the server: wait until the last change has reached it.
          <span
            aria-disabled="true"
            className={buttonClass("primary", "md", "w-full cursor-wait opacity-60 sm:w-auto")}
          >
            {t("savingShort")}
          </span>
        ) : purchasable.length > 0 ? (
          <Link
            href={`/checkout?merchant=${group.merchant.id}&currency=${group.currency}`}
            className={buttonClass("primary", "md", "w-full sm:w-auto")}
          >
            {t("checkout", { merchant: group.merchant.name })}
          </Link>
        ) : (
          <span className="text-sm text-zinc-600">{t("nothingOrderable")}</span>
        )}
      </CardFooter>
    </Card>
  );
}

function CartSkeleton() {
  const t = useTranslations("cart");
  return (
    <LoadingRegion label={t("loading")} className="space-y-4">
      {[0, 1].map((i) => (
        <div key={i} className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-5">
          <Skeleton className="h-5 w-48" />
          {[0, 1].map((j) => (
            <div key={j} className="flex gap-4">
              <Skeleton className="size-20 rounded-xl" />
              <div className="flex-1 space-y-2">
                <Skeleton className="h-4 w-1/2" />
                <Skeleton className="h-3 w-1/3" />
              </div>
            </div>
          ))}
        </div>
      ))}
    </LoadingRegion>
  );
}
