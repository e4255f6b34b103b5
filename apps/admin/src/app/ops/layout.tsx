import type { ReactNode } from "react";
import { Shell } from "~/components/shell";
import { requireRole } from "~/server/auth";

export const dynamic = "force-dynamic";

/** Operator console: signed-in operators only (merchants are sent to their dashboard). */
export default async function OpsLayout({ children }: { children: ReactNode }) {
  const user = await requireRole("OPERATOR", "/ops/currencies");
  return (
    <Shell role="OPERATOR" user={{ name: user.name, email: user.email }}>
      {children}
    </Shell>
  );
}
