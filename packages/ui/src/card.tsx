import { useId, type HTMLAttributes, type ReactNode } from "react";
import { cn } from "./cn";

interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  /** With a title the card is a labelled region with a header and a padded body. */
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /** Wrap the children in a padded body (the default when there is a title). */
  padded?: boolean;
  bodyClassName?: string;
}

/**
 * A white panel. Bare (`<Card>` + CardHeader/CardBody/CardFooter) when its parts vary, or with
 * `title` for the common "heading, actions, body" case. A string title labels the region, so
 * tests and screen readers find it by name.
 */
export function Card({ title, description, actions, padded, bodyClassName, className, children, ...rest }: CardProps) {
  const generatedId = useId();
  const panel = cn("min-w-0 rounded-2xl border border-zinc-200 bg-white shadow-sm", className);
  const hasHeader = Boolean(title ?? actions);
  if (!hasHeader && !padded) {
    return (
      <div className={panel} {...rest}>
        {children}
      </div>
    );
  }
  // A generated id, not one made from the title: a Chinese title has no ASCII letters to make one of.
  const headingId = title ? `card-${generatedId.replace(/[^a-zA-Z0-9_-]/g, "")}` : undefined;
  return (
    <section aria-labelledby={headingId} className={panel} {...rest}>
      {hasHeader && <CardHeader title={title} description={description} actions={actions} headingId={headingId} />}
      {padded === false ? children : <CardBody className={bodyClassName}>{children}</CardBody>}
    </section>
  );
}

export function CardHeader({
  title,
  description,
  actions,
  className,
  headingId,
  as: Heading = "h2",
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  headingId?: string;
  as?: "h1" | "h2" | "h3";
}) {
  return (
    <div
      className={cn("flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4", className)}
    >
      <div className="min-w-0">
        {title && (
          <Heading id={headingId} className="text-base font-semibold text-zinc-900">
            {title}
          </Heading>
        )}
        {description && <p className="mt-0.5 text-sm text-zinc-600">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function CardBody({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("px-5 py-4", className)} {...rest} />;
}

export function CardFooter({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={cn("flex flex-wrap items-center justify-end gap-3 border-t border-zinc-100 px-5 py-4", className)}
      {...rest}
    />
  );
}

/** A figure with its label, inside a <dl>. */
export function Stat({ label, value, hint }: { label: ReactNode; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="rounded-2xl border border-zinc-200 bg-white px-4 py-4 shadow-sm">
      <dt className="text-sm text-zinc-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tracking-tight text-zinc-900 tabular-nums">{value}</dd>
      {hint && <dd className="mt-0.5 text-xs text-zinc-500">{hint}</dd>}
    </div>
  );
}
