import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "~/lib/cx";

export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cx("rounded-2xl border border-zinc-200 bg-white shadow-sm", className)} {...rest} />;
}

export function CardHeader({
  title,
  description,
  action,
  className,
  as: Heading = "h2",
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  className?: string;
  as?: "h1" | "h2" | "h3";
}) {
  return (
    <div
      className={cx("flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4", className)}
    >
      <div className="min-w-0">
        <Heading className="text-base font-semibold text-zinc-900">{title}</Heading>
        {description && <p className="mt-0.5 text-sm text-zinc-600">{description}</p>}
      </div>
      {action}
    </div>
  );
}

export function CardBody({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cx("px-5 py-4", className)} {...rest} />;
}

export function CardFooter({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={cx("flex flex-wrap items-center justify-end gap-3 border-t border-zinc-100 px-5 py-4", className)}
      {...rest}
    />
  );
}
