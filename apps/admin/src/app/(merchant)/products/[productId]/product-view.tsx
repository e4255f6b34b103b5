"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, EmptyState, ErrorAlert, Loading, PageHeader, useToast } from "@trade/ui";
import { LocalizedStatus } from "~/components/localized-status";
import { errorCodeOf } from "@trade/api/client";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { ProductForm } from "../product-form";
import { SkusCard } from "./skus-card";
import { StatusActions } from "./status-actions";

export function ProductView({ productId }: { productId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const product = useQuery(trpc.merchant.products.get.queryOptions({ productId }));
  const [editing, setEditing] = useState(false);
  const t = useTranslations("product");
  const { formatDateTime } = useFormat();
  const update = useMutation(
    trpc.merchant.products.update.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.merchant.products.get.queryKey({ productId }), updated);
        await queryClient.invalidateQueries({ queryKey: trpc.merchant.products.list.pathKey() });
        setEditing(false);
        toast(t("saved"));
      },
    }),
  );

  const back = { href: "/products", label: t("back") };
  if (product.isPending) return <Loading label={t("loading")} />;
  if (!product.data) {
    return (
      <>
        <PageHeader back={back} title={t("title")} />
        {errorCodeOf(product.error) === "NOT_FOUND" ? (
          <Card padded>
            <EmptyState title={t("notFound")}>{t("notFoundBody")}</EmptyState>
          </Card>
        ) : (
          <ErrorAlert error={product.error} />
        )}
      </>
    );
  }
  const p = product.data;

  return (
    <>
      <PageHeader
        back={back}
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>{p.title}</span>
            <LocalizedStatus status={p.status} />
          </span>
        }
        description={t("meta", {
          id: String(p.id),
          created: formatDateTime(p.createdAt),
          updated: formatDateTime(p.updatedAt),
        })}
        actions={<StatusActions product={p} />}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <Card
          title={t("details")}
          actions={
            !editing && (
              <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
                {t("edit")}
              </Button>
            )
          }
          className="self-start"
        >
          {editing ? (
            <ProductForm
              initial={{ title: p.title, description: p.description, imageUrl: p.imageUrl }}
              submitLabel={t("saveChanges")}
              busy={update.isPending}
              error={update.error}
              onSubmit={(values) => update.mutate({ productId, ...values })}
              onCancel={() => {
                update.reset();
                setEditing(false);
              }}
            />
          ) : (
            <dl className="space-y-3 text-sm">
              {p.imageUrl && (
                <img
                  src={p.imageUrl}
                  alt={p.title}
                  className="aspect-square w-full max-w-xs rounded-md object-cover ring-1 ring-neutral-200"
                />
              )}
              <div>
                <dt className="font-medium text-neutral-500">{t("fieldTitle")}</dt>
                <dd>{p.title}</dd>
              </div>
              <div>
                <dt className="font-medium text-neutral-500">{t("fieldDescription")}</dt>
                <dd className="whitespace-pre-line">
                  {p.description || <span className="text-neutral-400">{t("noDescription")}</span>}
                </dd>
              </div>
            </dl>
          )}
        </Card>
        <SkusCard productId={productId} />
      </div>
    </>
  );
}
