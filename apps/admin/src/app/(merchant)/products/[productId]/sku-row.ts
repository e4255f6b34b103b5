import { amountProblemCode, type AmountProblem } from "@trade/api/money";
import { useTranslations } from "next-intl";

export interface SkuRow {
  id: number;
  code: string;
  price: string;
  currency: string;
  scale: number;
  stock: number;
  stockLocked: number;
  sold: number;
  /** 0: normal mode; N: flash-sale mode with N stock buckets. */
  flashBuckets: number;
  attributes: Record<string, string>;
}

export type Done = () => Promise<unknown>;

const PROBLEMS = {
  format: "problemFormat",
  noDecimals: "problemNoDecimals",
  tooManyDecimals: "problemTooManyDecimals",
  notPositive: "problemNotPositive",
} as const satisfies Record<AmountProblem, string>;

/** The price check of the SKU forms, worded in the page's language. */
export function usePriceProblem() {
  const t = useTranslations("skuDialogs");
  return (price: string, scale: number) => {
    const code = amountProblemCode(price, scale);
    return code ? t(PROBLEMS[code], { scale }) : undefined;
  };
}

/** What every SKU form is handed: close the dialog, and refresh what the change touched. */
export interface SkuFormProps {
  onClose: () => void;
  onDone: Done;
}
