"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  ErrorAlert,
  Field,
  FormDialog,
  PagedList,
  PageHeader,
  Table,
  Td,
  Textarea,
  useCursorPager,
  useToast,
} from "@trade/ui";
import { LocalizedStatus } from "~/components/localized-status";
import { errorCodeOf } from "@trade/api/client";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
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
  const t = useTranslations("withdrawals");
  const { formatDateTime, money, relativeTime } = useFormat();
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
            t("approvedToast", {
              id: String(w.id),
              amount: money(w.amount, w.currency, scaleOf(w.currency)),
              email: w.user.email,
            }),
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
        if (w) toast(t("rejectedToast", { id: String(w.id), email: w.user.email }));
      },
      onError,
    }),
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card padded>
        <ErrorAlert error={pending.error} className="mb-4" />
        <PagedList
          query={pending}
          pager={pager}
          pageSize={PAGE_SIZE}
          noun={t("noun")}
          empty={<EmptyState title={t("nothing")}>{t("nothingBody")}</EmptyState>}
        >
          {(items) => (
            <Table
              caption={t("caption")}
              columns={[
                "#",
                t("member"),
                { label: t("amount"), align: "right" },
                t("requested"),
                { label: t("actions"), align: "right", srOnly: true },
              ]}
            >
              {items.map((w) => (
                <tr key={w.id} data-withdrawal={w.id}>
                  <Td className="tabular-nums">{w.id}</Td>
                  <Td>
                    <p className="font-medium">{w.user.name}</p>
                    <p className="text-xs text-neutral-500">
                      {w.user.email} {w.user.status === "FROZEN" && <LocalizedStatus status="FROZEN" />}
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
                        {t("approve")}
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
                        {t("reject")}
                      </Button>
                    </div>
                  </Td>
                </tr>
              ))}
            </Table>
          )}
        </PagedList>
      </Card>

      <ConfirmDialog
        open={approving !== null}
        title={approving ? t("confirmApprove", { id: String(approving.id) }) : ""}
        confirmLabel={t("approveAndPay")}
        tone="primary"
        busy={approve.isPending}
        alert={<ErrorAlert error={approve.error} />}
        onCancel={() => setApproving(null)}
        onConfirm={() => approving && approve.mutate({ withdrawalId: approving.id })}
      >
        {approving &&
          t("approveBody", {
            amount: money(approving.amount, approving.currency, scaleOf(approving.currency)),
            email: approving.user.email,
          })}
      </ConfirmDialog>

      <FormDialog
        open={rejecting !== null}
        onClose={() => setRejecting(null)}
        title={rejecting ? t("confirmReject", { id: String(rejecting.id) }) : ""}
        description={t("rejectDescription")}
        onSubmit={() => {
          if (rejecting && reason.trim()) reject.mutate({ withdrawalId: rejecting.id, reason: reason.trim() });
        }}
        submitLabel={t("rejectAndReturn")}
        submitVariant="danger"
        submitDisabled={!reason.trim()}
        busy={reject.isPending}
        alert={<ErrorAlert error={reject.error} />}
      >
        <Field label={t("reason")} hint={t("reasonHint")}>
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
      </FormDialog>
    </>
  );
}
