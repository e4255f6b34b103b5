"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Card, PageHeader, useToast } from "@trade/ui";
import { useTRPC } from "~/trpc/react";
import { ProductForm } from "../product-form";

export function NewProductView() {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.merchant.products.create.mutationOptions({
      onSuccess: async (product) => {
        await queryClient.invalidateQueries({ queryKey: trpc.merchant.products.list.pathKey() });
        toast("Product created as a draft. Add its SKUs, then list it.");
        router.push(`/products/${product.id}`);
      },
    }),
  );
  return (
    <>
      <PageHeader
        back={
          <Link href="/products" className="text-indigo-700 hover:underline">
            ← Products
          </Link>
        }
        title="New product"
        description="A product starts as a draft: add SKUs (variants with price and stock), then list it in the shop."
      />
      <Card padded className="max-w-2xl">
        <ProductForm
          submitLabel="Create product"
          busy={create.isPending}
          error={create.error}
          onSubmit={(values) => create.mutate(values)}
          onCancel={() => router.push("/products")}
        />
      </Card>
    </>
  );
}
