import type { ReactNode } from "react";
import { Shell } from "~/components/shell";
import { requireRole } from "~/server/auth";

export const dynamic = "force-dynamic";

/** Merchant pages: signed-in merchants only (operators are sent to their console). */
export default async function MerchantLayout({ children }: { children: ReactNode }) {
  const user = await requireRole("MERCHANT", "/dashboard");
  return (
    <Shell role="MERCHANT" user={{ name: user.name, email: user.email }}>
      {children}
    </Shell>
  );
}
