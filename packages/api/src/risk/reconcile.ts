import { Prisma, type Db } from "@trade/db";
import { raiseAllWithPolicy, type AlertPolicy } from "./alert-policy.ts";
import { checkInvariants, type InvariantViolation, type RemoteStockCheck } from "./invariants.ts";

export interface ReconcileResult {
  violations: InvariantViolation[];
  /** Alerts newly raised by this run (already-open findings are not raised again). */
  raised: number;
  frozenUserIds: number[];
  ms: number;
}

const DESCRIPTION: Record<InvariantViolation["check"], string> = {
  ledger_balance: "available balance differs from its ledger",
  ledger_frozen: "frozen balance differs from its ledger",
  frozen_holds: "frozen balance differs from its open holds (UNPAID orders + PENDING withdrawals)",
  stock_locked: "stock_locked differs from the quantities of UNPAID orders",
  bucket_locked: "a flash-sale stock bucket's stock_locked differs from the UNPAID quantities it holds",
  conservation: "money is not conserved (all accounts do not sum to zero)",
  journal_balanced: "journal entries do not sum to zero",
  order_settlement: "order has the wrong hold / settle / release journals",
  inventory: "the inventory database's stock does not add up (its movements, its holds or a negative counter)",
  order_db_stock: "the order database still holds stock figures after the handover to the inventory service",
  held_vs_orders:
    "units held in the inventory differ from the units of UNPAID orders whose global transaction is TRIED",
};

/**
 * Reconciliation: runs the shared invariant check and raises one CRITICAL alert per violation,
 * naming the row (`account:12`, `sku:7`, `currency:USD`, ...) in message, details and dedupe key.
 * The dedupe key also carries the size of the discrepancy, so the same unchanged problem is
 * reported once, while a new or different one is reported again. Account findings name the
 * owner, whom the policy may freeze.
 */
export async function reconcile(
  db: Db,
  policy: AlertPolicy = { autoFreeze: false },
  options: { remote?: RemoteStockCheck; stockUnchecked?: boolean } = {},
): Promise<ReconcileResult> {
  const startedAt = performance.now();
  const violations = await checkInvariants(db, options);
  const accountIds = violations
    .filter((v) => v.subject.startsWith("account:"))
    .map((v) => Number(v.subject.slice("account:".length)));
  const owners = new Map(
    (accountIds.length
      ? await db.account.findMany({
          where: { id: { in: accountIds } },
          select: { id: true, userId: true, currency: true, kind: true, user: { select: { email: true, role: true } } },
        })
      : []
    ).map((a) => [a.id, a]),
  );

  const alerts = violations.map((v) => {
    const owner = v.subject.startsWith("account:") ? owners.get(Number(v.subject.slice("account:".length))) : undefined;
    const ownerText = owner
      ? ` (user ${owner.userId} ${owner.user.email}, ${owner.currency} ${owner.kind.toLowerCase()})`
      : "";
    return {
      rule: "reconciliation",
      severity: "CRITICAL" as const,
      dedupeKey: `reconcile:${v.check}:${v.subject}:${discrepancy(v)}`,
      message: `Reconciliation: ${v.subject}${ownerText}: ${DESCRIPTION[v.check]}; expected ${v.expected}, found ${v.actual}`,
      userId: owner && owner.user.role !== "SYSTEM" ? owner.userId : null,
      details: {
        check: v.check,
        subject: v.subject,
        expected: v.expected,
        actual: v.actual,
        ...(owner ? { accountId: owner.id, ownerId: owner.userId, currency: owner.currency } : {}),
      },
    };
  });
  const result = await raiseAllWithPolicy(db, alerts, policy);
  const raised = result.raisedKeys.size;
  const frozenUserIds = result.frozenUserIds;
  return { violations, raised, frozenUserIds, ms: Math.round(performance.now() - startedAt) };
}

/** actual - expected for numeric findings (stable while legitimate traffic moves the account). */
function discrepancy(v: InvariantViolation): string {
  try {
    return `diff=${new Prisma.Decimal(v.actual).minus(new Prisma.Decimal(v.expected)).toString()}`;
  } catch {
    return v.actual.replace(/\s+/g, "");
  }
}
