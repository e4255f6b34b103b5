import { Badge } from "@trade/ui";
import { useTranslations } from "next-intl";

export const LOW_STOCK = 5;

/** "Sold out" / "Only 3 left" / "In stock · 12 available". */
export function StockStatus({ available }: { available: number }) {
  const t = useTranslations("product");
  if (available <= 0)
    return (
      <Badge tone="danger" data-testid="stock">
        {t("soldOut")}
      </Badge>
    );
  if (available <= LOW_STOCK)
    return (
      <Badge tone="warning" data-testid="stock">
        {t("onlyLeft", { count: available })}
      </Badge>
    );
  return (
    <Badge tone="success" data-testid="stock">
      {t("inStock", { count: available })}
    </Badge>
  );
}
