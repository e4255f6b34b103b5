import { cn } from "@trade/ui";
import { useTranslations } from "next-intl";
import { LocalTime } from "~/lib/local-time";
import type { OrderData } from "~/lib/types";

interface Step {
  label: string;
  at: Date | null;
  note?: string;
  state: "done" | "current" | "failed";
}

type OrderT = ReturnType<typeof useTranslations<"order">>;

function stepsOf(order: OrderData, dueLocally: boolean, t: OrderT): Step[] {
  const steps: Step[] = [{ label: t("stepPlaced"), at: order.createdAt, note: t("notePlaced"), state: "done" }];
  if (order.status === "PAID")
    steps.push({
      label: t("stepPaid"),
      at: order.paidAt,
      note: t("notePaid", { merchant: order.merchant.name }),
      state: "done",
    });
  else if (order.status === "CANCELLED")
    steps.push({ label: t("stepCancelled"), at: order.cancelledAt, note: t("noteReleased"), state: "failed" });
  else if (order.status === "EXPIRED")
    steps.push({ label: t("stepExpired"), at: order.expiredAt, note: t("noteExpired"), state: "failed" });
  else if (dueLocally)
    steps.push({ label: t("stepExpired"), at: order.expiresAt, note: t("noteDue"), state: "failed" });
  else steps.push({ label: t("stepWaiting"), at: order.expiresAt, note: t("notePayBefore"), state: "current" });
  return steps;
}

/** Placed -> paid / cancelled / expired, with times in the reader's locale. */
export function OrderTimeline({ order, dueLocally }: { order: OrderData; dueLocally: boolean }) {
  const t = useTranslations("order");
  const steps = stepsOf(order, dueLocally, t);
  return (
    <ol className="space-y-0" data-testid="order-timeline">
      {steps.map((step, i) => (
        <li key={step.label} className="relative flex gap-4 pb-6 last:pb-0">
          {i < steps.length - 1 && (
            <span aria-hidden="true" className="absolute top-6 left-[11px] h-[calc(100%-1.5rem)] w-0.5 bg-zinc-200" />
          )}
          <span
            aria-hidden="true"
            className={cn(
              "relative mt-0.5 grid size-6 shrink-0 place-items-center rounded-full ring-4 ring-white",
              step.state === "done" && "bg-emerald-600 text-white",
              step.state === "current" && "border-2 border-indigo-600 bg-white",
              step.state === "failed" && "bg-zinc-400 text-white",
            )}
          >
            {step.state === "done" && (
              <svg viewBox="0 0 20 20" className="size-3.5" fill="currentColor">
                <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0z" />
              </svg>
            )}
            {step.state === "current" && <span className="size-2 rounded-full bg-indigo-600" />}
            {step.state === "failed" && <span className="h-0.5 w-2.5 rounded bg-white" />}
          </span>
          <div className="min-w-0">
            <p className="text-sm font-medium text-zinc-900">{step.label}</p>
            <p className="text-sm text-zinc-600">
              {step.note}
              {step.at && (
                <>
                  {step.note ? " · " : ""}
                  <LocalTime value={step.at} />
                </>
              )}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
