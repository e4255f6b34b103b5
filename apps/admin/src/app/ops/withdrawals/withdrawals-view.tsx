"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  DialogActions,
  EmptyState,
  Field,
  PageHeader,
  PagedList,
  TBody,
  Table,
  Td,
  Textarea,
  Th,
  useCursorPager,
  useToast,
} from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { StatusBadge } from "~/components/status-badge";
import { errorCodeOf } from "@trade/api/client";
import { formatDateTime, money, relativeTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 25;

interface Pending {
  id: number;
  currency: string;
  amount: string;
  user: { name: string; email: string };
}

export function WithdrawalsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const pager = useCursorPager<number>("");
  const pending = useQuery(
    trpc.ops.withdrawals.pending.queryOptions(
      { cursor: pager.cursor, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData, refetchInterval: 15_000 },
    ),
  );
  const currencies = useQuery(trpc.ops.currencies.list.queryOptions(undefined, { staleTime: 60_000 }));
  const scaleOf = (code: string) => currencies.data?.find((c) => c.code === code)?.scale;
  const [approving, setApproving] = useState<Pending | null>(null);
  const [rejecting, setRejecting] = useState<Pending | null>(null);
  const [reason, setReason] = useState("");

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ops.withdrawals.pathKey() });
  const onError = (error: unknown) => {
    // Decided elsewhere meanwhile: the row is stale, so reload the list.
    if (errorCodeOf(error) === "WITHDRAWAL_NOT_PENDING" || errorCodeOf(error) === "NOT_FOUND") void refresh();
  };
  const approve = useMutation(
    trpc.ops.withdrawals.approve.mutationOptions({
      onSuccess: async () => {
        const w = approving;
        setApproving(null);
        await refresh();
        if (w)
          toast(
            `Withdrawal #${w.id} approved: ${money(w.amount, w.currency, scaleOf(w.currency))} paid out to ${w.user.email}.`,
          );
      },
      onError,
    }),
  );
  const reject = useMutation(
    trpc.ops.withdrawals.reject.mutationOptions({
      onSuccess: async () => {
        const w = rejecting;
        setRejecting(null);
        await refresh();
        if (w) toast(`Withdrawal #${w.id} rejected: the funds are back in ${w.user.email}'s available balance.`);
      },
      onError,
    }),
  );

  return (
    <>
      <PageHeader
        title="Withdrawals waiting for approval"
        description="Withdrawals at or above the approval threshold. The amount is held (frozen) in the member's account until you decide."
      />
      <Card padded>
        <ErrorAlert error={pending.error} className="mb-4" />
        <PagedList
          query={pending}
          pager={pager}
          pageSize={PAGE_SIZE}
          noun="withdrawals"
          empty={<EmptyState title="Nothing waiting">No withdrawals need approval right now.</EmptyState>}
        >
          {(items) => (
            <>
              <Table caption="Pending withdrawals">
                <thead>
                  <tr>
                    <Th>#</Th>
                    <Th>Member</Th>
                    <Th align="right">Amount</Th>
                    <Th>Requested</Th>
                    <Th align="right">
                      <span className="sr-only">Actions</span>
                    </Th>
                  </tr>
                </thead>
                <TBody>
                  {items.map((w) => (
                    <tr key={w.id} data-withdrawal={w.id}>
                      <Td className="tabular-nums">{w.id}</Td>
                      <Td>
                        <p className="font-medium">{w.user.name}</p>
                        <p className="text-xs text-neutral-500">
                          {w.user.email} {w.user.status === "FROZEN" && <StatusBadge status="FROZEN" />}
                        </p>
                      </Td>
                      <Td align="right" className="whitespace-nowrap font-semibold tabular-nums">
                        {money(w.amount, w.currency, scaleOf(w.currency))}
                      </Td>
                      <Td className="whitespace-nowrap text-neutral-600" title={formatDateTime(w.createdAt)}>
                        {relativeTime(w.createdAt)}
                      </Td>
                      <Td align="right">
                        <div className="flex justify-end gap-2">
                          <Button
                            size="sm"
                            onClick={() => {
                              approve.reset();
                              setApproving(w);
                            }}
                          >
                            Approve
                          </Button>
                          <Button
                            size="sm"
                            variant="outline"
                            onClick={() => {
                              reject.reset();
                              setReason("");
                              setRejecting(w);
                            }}
                          >
                            Reject
                          </Button>
                        </div>
                      </Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            </>
          )}
        </PagedList>
      </Card>

      <ConfirmDialog
        open={approving !== null}
        title={approving ? `Approve withdrawal #${approving.id}?` : ""}
        confirmLabel="Approve and pay out"
        tone="primary"
        busy={approve.isPending}
        alert={<ErrorAlert error={approve.error} />}
        onCancel={() => setApproving(null)}
        onConfirm={() => approving && approve.mutate({ withdrawalId: approving.id })}
      >
        {approving &&
          `${money(approving.amount, approving.currency, scaleOf(approving.currency))} leaves ${approving.user.email}'s account for good. This cannot be undone.`}
      </ConfirmDialog>

      <Dialog
        open={rejecting !== null}
        onClose={() => setRejecting(null)}
        title={rejecting ? `Reject withdrawal #${rejecting.id}?` : ""}
        description="The held amount goes back to the member's available balance. The member sees your reason."
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (rejecting && reason.trim()) reject.mutate({ withdrawalId: rejecting.id, reason: reason.trim() });
          }}
          className="space-y-4"
        >
          <ErrorAlert error={reject.error} />
          <Field label="Reason" hint="Required, up to 300 characters.">
            <Textarea
              name="reason"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={300}
              required
              autoFocus
            />
          </Field>
          <DialogActions>
            <Button variant="outline" onClick={() => setRejecting(null)} disabled={reject.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" loading={reject.isPending} disabled={!reason.trim()}>
              Reject and return funds
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
