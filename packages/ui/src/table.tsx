import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

type Align = "left" | "right" | "center";

/** A header cell: its label, or the label with alignment, extra classes, or read only by screen readers. */
export type Column = string | { label: string; align?: Align; className?: string; srOnly?: boolean };

/**
 * A table that scrolls sideways on narrow screens instead of squashing its columns. With
 * `columns`, it writes the header row and wraps the rows (`children`) in <TBody>; without, the
 * children are the whole table body (thead, tbody, tfoot).
 */
export function Table({
  caption,
  columns,
  children,
  className,
}: {
  caption: string;
  columns?: readonly Column[];
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("relative -mx-4 overflow-x-auto sm:-mx-5", className)}>
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        {columns ? (
          <>
            <thead>
              <tr>
                {columns.map((column, i) => {
                  const c = typeof column === "string" ? { label: column } : column;
                  return (
                    <Th key={i} align={c.align} className={c.className}>
                      {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
                    </Th>
                  );
                })}
              </tr>
            </thead>
            <TBody>{children}</TBody>
          </>
        ) : (
          children
        )}
      </table>
    </div>
  );
}

export function Th({ className, align = "left", ...rest }: ThHTMLAttributes<HTMLTableCellElement> & { align?: Align }) {
  return (
    <th
      scope="col"
      className={cn(
        "px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-500 uppercase first:pl-4 sm:first:pl-5 last:pr-4 sm:last:pr-5",
        alignClass(align),
        className,
      )}
      {...rest}
    />
  );
}

export function Td({ className, align = "left", ...rest }: TdHTMLAttributes<HTMLTableCellElement> & { align?: Align }) {
  return (
    <td
      className={cn(
        "px-4 py-3 align-middle first:pl-4 sm:first:pl-5 last:pr-4 sm:last:pr-5",
        alignClass(align),
        className,
      )}
      {...rest}
    />
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-zinc-100 bg-white">{children}</tbody>;
}

function alignClass(align: Align) {
  return align === "right" ? "text-right" : align === "center" ? "text-center" : "text-left";
}
