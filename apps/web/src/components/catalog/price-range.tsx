import { useTranslations } from "next-intl";
import { Money } from "~/lib/money";

export function PriceRange({ prices }: { prices: { currency: string; scale: number; min: string; max: string }[] }) {
  const t = useTranslations("catalog");
  return (
    <div className="flex flex-col gap-0.5">
      {prices.map((p) => (
        <span key={p.currency} className="flex flex-wrap items-baseline text-sm font-semibold text-zinc-900">
          <Money amount={p.min} currency={p.currency} scale={p.scale} />
          {p.max !== p.min && (
            <>
              <span className="px-1 text-zinc-500" aria-label={t("to")}>
                –
              </span>
              <Money amount={p.max} currency={p.currency} scale={p.scale} />
            </>
          )}
        </span>
      ))}
    </div>
  );
}
