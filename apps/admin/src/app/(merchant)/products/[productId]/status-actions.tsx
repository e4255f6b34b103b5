"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading, useToast } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { ProductStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

/**
 * List / delist / back to draft. Taking a listed product out of the shop asks first, and says
 * how many UNPAID orders include it (they can still be paid; no new orders can be placed).
 */
export function StatusActions({ product }: { product: { id: number; title: string; status: ProductStatus } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState<ProductStatus | null>(null);
  const t = useTranslations("product");
  const unpaid = useQuery(
    trpc.merchant.products.unpaidOrders.queryOptions(
      { productId: product.id },
      { enabled: confirming !== null, staleTime: 0 },
    ),
  );
  const setStatus = useMutation(
    trpc.merchant.products.setStatus.mutationOptions({
      onSuccess: async (updated) => {
        setConfirming(null);
        queryClient.setQueryData(trpc.merchant.products.get.queryKey({ productId: product.id }), (old) =>
          old ? { ...old, ...updated } : old,
        );
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.merchant.products.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.merchant.dashboard.pathKey() }),
        ]);
        const held = updated.unpaidOrders > 0 ? t("stillPayable", { count: updated.unpaidOrders }) : "";
        toast(
          updated.status === "LISTED"
            ? t("listed")
            : updated.status === "DELISTED"
              ? `${t("delisted")}${held}`
              : `${t("backToDraftDone")}${held}`,
        );
      },
    }),
  );

  const change = (status: ProductStatus) => {
    setStatus.reset();
    // Leaving the shop asks first; listing or moving a delisted product to draft does not.
    if (product.status === "LISTED" && status !== "LISTED") setConfirming(status);
    else setStatus.mutate({ productId: product.id, status });
  };

  const count = unpaid.data?.unpaidOrders ?? 0;
  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        {product.status !== "LISTED" && (
          <Button
            onClick={() => change("LISTED")}
            loading={setStatus.isPending && setStatus.variables?.status === "LISTED"}
          >
            {product.status === "DELISTED" ? t("listAgain") : t("listInShop")}
          </Button>
        )}
        {product.status === "LISTED" && (
          <Button variant="danger" onClick={() => change("DELISTED")}>
            {t("delist")}
          </Button>
        )}
        {product.status !== "DRAFT" && (
          <Button
            variant="outline"
            onClick={() => change("DRAFT")}
            loading={setStatus.isPending && confirming === null && setStatus.variables?.status === "DRAFT"}
          >
            {t("backToDraft")}
          </Button>
        )}
      </div>
      {confirming === null && <ErrorAlert error={setStatus.error} className="max-w-md" />}
      <ConfirmDialog
        open={confirming !== null}
        title={
          confirming === "DELISTED"
            ? t("confirmDelist", { title: product.title })
            : t("confirmDraft", { title: product.title })
        }
        confirmLabel={confirming === "DELISTED" ? (count > 0 ? t("delistAnyway") : t("delist")) : t("moveToDraft")}
        busy={setStatus.isPending}
        alert={<ErrorAlert error={setStatus.error} />}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && setStatus.mutate({ productId: product.id, status: confirming })}
      >
        <p>{t("disappears")}</p>
        <div className="mt-3">
          {unpaid.isPending ? (
            <Loading label={t("checkingUnpaid")} className="py-2" />
          ) : unpaid.error ? (
            <ErrorAlert error={unpaid.error} />
          ) : count > 0 ? (
            <Alert tone="warning" title={t("unpaidInclude", { count })}>
              {t("buyersCanPay")}
            </Alert>
          ) : (
            <p className="text-neutral-500">{t("noUnpaid")}</p>
          )}
        </div>
      </ConfirmDialog>
    </div>
  );
}
