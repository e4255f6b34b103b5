import { Badge } from "@trade/ui";

export const LOW_STOCK = 5;

/** "Sold out" / "Only 3 left" / "In stock · 12 available". */
export function StockStatus({ available }: { available: number }) {
  if (available <= 0)
    return (
      <Badge tone="danger" data-testid="stock">
        Sold out
      </Badge>
    );
  if (available <= LOW_STOCK)
    return (
      <Badge tone="warning" data-testid="stock">
        Only {available} left
      </Badge>
    );
  return (
    <Badge tone="success" data-testid="stock">
      In stock · {available} available
    </Badge>
  );
}
