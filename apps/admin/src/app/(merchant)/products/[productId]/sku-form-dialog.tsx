"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Dialog } from "@trade/ui";
import { AddSkuForm } from "./add-sku-form";
import { AdjustStockForm } from "./adjust-stock-form";
import { EditPriceForm } from "./edit-price-form";
import { FlashModeForm } from "./flash-mode-form";
import type { SkuFormProps, SkuRow } from "./sku-row";

export type SkuForm = { kind: "add" } | { kind: "price" | "stock" | "flash"; sku: SkuRow };

/**
 * The SKU card's one form dialog: title, description and form follow what was opened. The
 * dialog stays mounted (so focus returns to the button that opened it); the form mounts per
 * opening, so it starts from the SKU as it is now.
 */
export function SkuFormDialog({
  form,
  productId,
  onClose,
  onDone,
}: SkuFormProps & { form: SkuForm | null; productId: number }) {
  const t = useTranslations("skuDialogs");
  const flash = useTranslations("flash");
  const props = { onClose, onDone };
  let view: { title: string; description: string; body: ReactNode } | null = null;
  if (form?.kind === "add")
    view = {
      title: t("addTitle"),
      description: t("addDescription"),
      body: <AddSkuForm productId={productId} {...props} />,
    };
  else if (form?.kind === "price")
    view = {
      title: t("priceTitle", { code: form.sku.code }),
      description: t("priceDescription"),
      body: <EditPriceForm sku={form.sku} {...props} />,
    };
  else if (form?.kind === "stock")
    view = {
      title: t("stockTitle", { code: form.sku.code }),
      description: t("stockDescription"),
      body: <AdjustStockForm sku={form.sku} {...props} />,
    };
  else if (form?.kind === "flash")
    view = {
      title: flash("title", { code: form.sku.code }),
      description: flash("description"),
      body: <FlashModeForm sku={form.sku} {...props} />,
    };
  return (
    <Dialog open={view !== null} onClose={onClose} title={view?.title ?? ""} description={view?.description}>
      {view?.body}
    </Dialog>
  );
}
