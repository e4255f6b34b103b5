"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Card, PageHeader, useToast } from "@trade/ui";
import { useTRPC } from "~/trpc/react";
import { ProductForm } from "../product-form";

export function NewProductView() {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const t = useTranslations("newProduct");
  const create = useMutation(
    trpc.merchant.products.create.mutationOptions({
      onSuccess: async (product) => {
        await queryClient.invalidateQueries({ queryKey: trpc.merchant.products.list.pathKey() });
        toast(t("created"));
        router.push(`/products/${product.id}`);
      },
    }),
  );
  return (
    <>
      <PageHeader back={{ href: "/products", label: t("back") }} title={t("title")} description={t("description")} />
      <Card padded className="max-w-2xl">
        <ProductForm
          submitLabel={t("create")}
          busy={create.isPending}
          error={create.error}
          onSubmit={(values) => create.mutate(values)}
          onCancel={() => router.push("/products")}
        />
      </Card>
    </>
  );
}
