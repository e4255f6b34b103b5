"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  ErrorAlert,
  Field,
  Input,
  Loading,
  PageHeader,
  ProgressBar,
  Select,
  Table,
  Td,
  useToast,
} from "@trade/ui";
import { fieldErrorsOf } from "@trade/api/client";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
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
  const t = useTranslations("currencies");
  const { formatCount, formatDateTime } = useFormat();
  const setActive = useMutation(
    trpc.ops.currencies.setActive.mutationOptions({
      onSuccess: async (result) => {
        setDeactivating(null);
        await queryClient.invalidateQueries({ queryKey: trpc.ops.currencies.list.queryKey() });
        toast(result.active ? t("activeAgain", { code: result.code }) : t("switchedOff", { code: result.code }));
      },
    }),
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title={t("all")}>
          <ErrorAlert error={currencies.error} className="mb-4" />
          {setActive.error && !deactivating && <ErrorAlert error={setActive.error} className="mb-4" />}
          {currencies.isPending ? (
            <Loading />
          ) : !currencies.data || currencies.data.length === 0 ? (
            <EmptyState title={t("none")}>{t("noneBody")}</EmptyState>
          ) : (
            <Table
              caption={t("caption")}
              columns={[
                t("code"),
                t("decimals"),
                t("status"),
                { label: t("usersWithAccount"), className: "min-w-48" },
                t("waitFrom"),
                t("added"),
                { label: t("actions"), align: "right", srOnly: true },
              ]}
            >
              {currencies.data.map((c) => {
                const complete = c.usersWithAccount >= c.users;
                return (
                  <tr key={c.code} data-currency={c.code}>
                    <Td>
                      <p className="font-semibold">{c.code}</p>
                      <p className="text-xs text-neutral-500">{c.name}</p>
                    </Td>
                    <Td className="tabular-nums">{c.scale}</Td>
                    <Td>{c.active ? <Badge tone="success">{t("active")}</Badge> : <Badge>{t("off")}</Badge>}</Td>
                    <Td>
                      <ProgressBar
                        value={Math.min(c.usersWithAccount, c.users)}
                        max={c.users}
                        label={t("accountsIn", { code: c.code })}
                      />
                      <p className="mt-1 text-xs text-neutral-600 tabular-nums" data-testid={`backfill-${c.code}`}>
                        {formatCount(c.usersWithAccount)} / {formatCount(c.users)}
                        {complete ? t("complete") : t("backfilling")}
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
                          {t("switchOff")}
                        </Button>
                      ) : (
                        <Button
                          size="sm"
                          variant="ghost"
                          loading={setActive.isPending && setActive.variables?.code === c.code}
                          onClick={() => setActive.mutate({ code: c.code, active: true })}
                        >
                          {t("activate")}
                        </Button>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </Table>
          )}
        </Card>
        <AddCurrencyCard />
      </div>
      <ConfirmDialog
        open={deactivating !== null}
        title={t("confirmOff", { code: deactivating ?? "" })}
        confirmLabel={t("switchOff")}
        busy={setActive.isPending}
        alert={<ErrorAlert error={setActive.error} />}
        onCancel={() => setDeactivating(null)}
        onConfirm={() => deactivating && setActive.mutate({ code: deactivating, active: false })}
      >
        {t("offBody")}
      </ConfirmDialog>
    </>
  );
}

function AddCurrencyCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [code, setCode] = useState("");
  const t = useTranslations("currencies");
  const [name, setName] = useState("");
  const [scale, setScale] = useState("2");
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation(
    trpc.ops.currencies.create.mutationOptions({
      onSuccess: async (currency) => {
        await queryClient.invalidateQueries({ queryKey: trpc.ops.currencies.list.queryKey() });
        toast(t("addedToast", { code: currency.code }));
        setCode("");
        setName("");
        setScale("2");
        setSubmitted(false);
      },
    }),
  );
  const server = fieldErrorsOf(create.error);
  const errors = {
    code: !/^[A-Za-z]{3,8}$/.test(code.trim()) ? t("badCode") : server.code,
    name: !name.trim() ? t("enterName") : server.name,
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (errors.code || errors.name) return;
    create.mutate({ code: code.trim().toUpperCase(), name: name.trim(), scale: Number(scale) });
  }
  return (
    <Card title={t("addTitle")} className="self-start">
      <form onSubmit={submit} noValidate className="space-y-4">
        <ErrorAlert error={create.error} />
        <Field label={t("code")} hint={t("codeHint")} error={submitted ? errors.code : undefined}>
          <Input
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            maxLength={8}
            autoComplete="off"
            className="uppercase"
          />
        </Field>
        <Field label={t("name")} error={submitted ? errors.name : undefined}>
          <Input
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={60}
            placeholder={t("namePlaceholder")}
          />
        </Field>
        <Field label={t("scale")} hint={t("scaleHint")}>
          <Select name="scale" value={scale} onChange={(e) => setScale(e.target.value)}>
            {[0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" loading={create.isPending} className="w-full">
          {t("add")}
        </Button>
      </form>
    </Card>
  );
}
