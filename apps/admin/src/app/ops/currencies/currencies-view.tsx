"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  Field,
  Input,
  Loading,
  PageHeader,
  ProgressBar,
  Select,
  TBody,
  Table,
  Td,
  Th,
  useToast,
} from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { fieldErrorsOf } from "@trade/api/client";
import { formatCount, formatDateTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { ThresholdCell } from "./threshold-cell";

export function CurrenciesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  // While the job is still creating accounts for a currency, poll every 2 s so the bar moves.
  const currencies = useQuery(
    trpc.ops.currencies.list.queryOptions(undefined, {
      refetchInterval: (query) =>
        query.state.data?.some((c) => c.active && c.usersWithAccount < c.users) ? 2_000 : 15_000,
    }),
  );
  const [deactivating, setDeactivating] = useState<string | null>(null);
  const setActive = useMutation(
    trpc.ops.currencies.setActive.mutationOptions({
      onSuccess: async (result) => {
        setDeactivating(null);
        await queryClient.invalidateQueries({ queryKey: trpc.ops.currencies.list.queryKey() });
        toast(
          result.active
            ? `${result.code} is active again.`
            : `${result.code} is switched off: no new prices, deposits or orders in it.`,
        );
      },
    }),
  );

  return (
    <>
      <PageHeader
        title="Currencies"
        description="Adding a currency creates its platform account at once; the job then opens an account in it for every user, in batches. The bar shows how far it has got."
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title="All currencies">
          <ErrorAlert error={currencies.error} className="mb-4" />
          {setActive.error && !deactivating && <ErrorAlert error={setActive.error} className="mb-4" />}
          {currencies.isPending ? (
            <Loading />
          ) : !currencies.data || currencies.data.length === 0 ? (
            <EmptyState title="No currencies">Add the first one with the form.</EmptyState>
          ) : (
            <Table caption="Currencies with account backfill progress">
              <thead>
                <tr>
                  <Th>Code</Th>
                  <Th>Decimals</Th>
                  <Th>Status</Th>
                  <Th className="min-w-48">Users with an account</Th>
                  <Th>Withdrawals wait from (per member per day)</Th>
                  <Th>Added</Th>
                  <Th align="right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <TBody>
                {currencies.data.map((c) => {
                  const complete = c.usersWithAccount >= c.users;
                  return (
                    <tr key={c.code} data-currency={c.code}>
                      <Td>
                        <p className="font-semibold">{c.code}</p>
                        <p className="text-xs text-neutral-500">{c.name}</p>
                      </Td>
                      <Td className="tabular-nums">{c.scale}</Td>
                      <Td>{c.active ? <Badge tone="success">Active</Badge> : <Badge>Off</Badge>}</Td>
                      <Td>
                        <ProgressBar
                          value={Math.min(c.usersWithAccount, c.users)}
                          max={c.users}
                          label={`Accounts in ${c.code}`}
                        />
                        <p className="mt-1 text-xs text-neutral-600 tabular-nums" data-testid={`backfill-${c.code}`}>
                          {formatCount(c.usersWithAccount)} / {formatCount(c.users)}
                          {complete ? " · complete" : " · backfilling…"}
                        </p>
                      </Td>
                      <Td>
                        <ThresholdCell code={c.code} scale={c.scale} threshold={c.withdrawThreshold} />
                      </Td>
                      <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(c.createdAt)}</Td>
                      <Td align="right">
                        {c.active ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            className="text-red-700"
                            onClick={() => {
                              setActive.reset();
                              setDeactivating(c.code);
                            }}
                          >
                            Switch off
                          </Button>
                        ) : (
                          <Button
                            size="sm"
                            variant="ghost"
                            loading={setActive.isPending && setActive.variables?.code === c.code}
                            onClick={() => setActive.mutate({ code: c.code, active: true })}
                          >
                            Activate
                          </Button>
                        )}
                      </Td>
                    </tr>
                  );
                })}
              </TBody>
            </Table>
          )}
        </Card>
        <AddCurrencyCard />
      </div>
      <ConfirmDialog
        open={deactivating !== null}
        title={`Switch off ${deactivating ?? ""}?`}
        confirmLabel="Switch off"
        busy={setActive.isPending}
        alert={<ErrorAlert error={setActive.error} />}
        onCancel={() => setDeactivating(null)}
        onConfirm={() => deactivating && setActive.mutate({ code: deactivating, active: false })}
      >
        Merchants can no longer price SKUs in it, and members can no longer deposit or order in it. Existing balances
        stay.
      </ConfirmDialog>
    </>
  );
}

function AddCurrencyCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [scale, setScale] = useState("2");
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation(
    trpc.ops.currencies.create.mutationOptions({
      onSuccess: async (currency) => {
        await queryClient.invalidateQueries({ queryKey: trpc.ops.currencies.list.queryKey() });
        toast(`${currency.code} added. The job is opening accounts for every user.`);
        setCode("");
        setName("");
        setScale("2");
        setSubmitted(false);
      },
    }),
  );
  const server = fieldErrorsOf(create.error);
  const errors = {
    code: !/^[A-Za-z]{3,8}$/.test(code.trim()) ? "3 to 8 letters, e.g. EUR." : server.code,
    name: !name.trim() ? "Enter a name, e.g. Euro." : server.name,
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (errors.code || errors.name) return;
    create.mutate({ code: code.trim().toUpperCase(), name: name.trim(), scale: Number(scale) });
  }
  return (
    <Card title="Add a currency" className="self-start">
      <form onSubmit={submit} noValidate className="space-y-4">
        <ErrorAlert error={create.error} />
        <Field label="Code" hint="ISO code, e.g. EUR" error={submitted ? errors.code : undefined}>
          <Input
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            maxLength={8}
            autoComplete="off"
            className="uppercase"
          />
        </Field>
        <Field label="Name" error={submitted ? errors.name : undefined}>
          <Input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder="Euro" />
        </Field>
        <Field label="Decimals (scale)" hint="2 for EUR or USD, 0 for JPY. Cannot be changed later.">
          <Select name="scale" value={scale} onChange={(e) => setScale(e.target.value)}>
            {[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" loading={create.isPending} className="w-full">
          Add currency
        </Button>
      </form>
    </Card>
  );
}
