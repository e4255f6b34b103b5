import type { ReactNode } from "react";

export function EmptyState({ title, children, action, icon }: { title: ReactNode; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      {icon && <div className="mb-4 text-zinc-400">{icon}</div>}
      <h2 className="text-lg font-semibold text-zinc-900">{title}</h2>
      {children && <div className="mt-1 max-w-md text-sm text-zinc-600">{children}</div>}
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
