"use client";

import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  ErrorAlert,
  Field,
  formText,
  Input,
  LoadingRegion,
  Select,
  Skeleton,
} from "@trade/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { LocalTime } from "~/lib/local-time";
import { useTRPC } from "~/trpc/react";

export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.auth.tokens.queryOptions());
  const t = useTranslations("account");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.tokens.queryKey() });
  const create = useMutation(
    trpc.auth.createToken.mutationOptions({
      onSuccess: (t) => (setCreated({ name: t.name, token: t.token }), void refresh()),
    }),
  );
  const revoke = useMutation(
    trpc.auth.revokeToken.mutationOptions({ onSuccess: () => (setConfirming(null), void refresh()) }),
  );

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const form = new FormData(event.currentTarget);
    const ttl = formText(form, "ttl");
    create.mutate({
      name: formText(form, "name").trim() || t("defaultTokenName"),
      ...(ttl ? { ttlDays: Number(ttl) } : {}),
    });
    event.currentTarget.reset();
  }

  return (
    <Card>
      <CardHeader
        title={t("tokensTitle")}
        description={t.rich("tokensDescription", {
          code: (chunks) => <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs">{chunks}</code>,
        })}
      />
      <CardBody className="space-y-6">
        {created && <NewToken name={created.name} token={created.token} onDone={() => setCreated(null)} />}

        <form onSubmit={onCreate} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
          <Field id="token-name" label={t("tokenName")}>
            <Input id="token-name" name="name" required maxLength={100} placeholder={t("tokenNamePlaceholder")} />
          </Field>
          <Field id="token-ttl" label={t("expires")}>
            <Select id="token-ttl" name="ttl" defaultValue="90">
              <option value="30">{t("in30")}</option>
              <option value="90">{t("in90")}</option>
              <option value="365">{t("in365")}</option>
              <option value="">{t("never")}</option>
            </Select>
          </Field>
          <Button type="submit" loading={create.isPending} loadingText={t("creating")}>
            {t("createToken")}
          </Button>
        </form>
        {create.error ? <ErrorAlert error={create.error} /> : null}
        {revoke.error ? <ErrorAlert error={revoke.error} /> : null}

        {tokens.isPending ? (
          <LoadingRegion label={t("loadingTokens")} className="space-y-2">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </LoadingRegion>
        ) : tokens.error ? (
          <ErrorAlert error={tokens.error} />
        ) : tokens.data.length === 0 ? (
          <p className="rounded-xl bg-zinc-50 px-4 py-6 text-center text-sm text-zinc-600">{t("noTokens")}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200" aria-label={t("yourTokens")}>
            {tokens.data.map((token) => (
              <li
                key={token.id}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
                data-testid="api-token"
              >
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-zinc-900">{token.name}</p>
                  <p className="text-xs text-zinc-600">
                    <code className="font-mono">{token.prefix}…</code> · {t("created")}{" "}
                    <LocalTime value={token.createdAt} format="date" />
                    {" · "}
                    {token.lastUsedAt ? (
                      <>
                        {t("lastUsed")} <LocalTime value={token.lastUsedAt} />
                      </>
                    ) : (
                      t("neverUsed")
                    )}
                    {" · "}
                    {token.expiresAt ? (
                      <>
                        {t("expiresOn")} <LocalTime value={token.expiresAt} format="date" />
                      </>
                    ) : (
                      t("noExpiry")
                    )}
                  </p>
                </div>
                {confirming === token.id ? (
                  <div className="flex gap-2" role="group" aria-label={t("confirmRevoke", { name: token.name })}>
                    <Button
                      variant="danger-outline"
                      size="sm"
                      loading={revoke.isPending}
                      loadingText={t("revoking")}
                      onClick={() => revoke.mutate({ tokenId: token.id })}
                    >
                      {t("yesRevoke")}
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setConfirming(null)}>
                      {t("keep")}
                    </Button>
                  </div>
                ) : (
                  <Button variant="danger-outline" size="sm" onClick={() => setConfirming(token.id)}>
                    {t("revoke")}
                    <span className="sr-only"> {token.name}</span>
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);
  const t = useTranslations("account");
  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("yes");
    } catch {
      // No clipboard permission (or not a secure context): select it for Ctrl/Cmd+C.
      input.current?.select();
      setCopied("select");
    }
  }
  return (
    <Alert tone="success" title={t("tokenCreated", { name })} data-testid="new-token">
      <p>{t("copyNow")}</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-token-value" className="sr-only">
          {t("newTokenLabel")}
        </label>
        <input
          ref={input}
          id="new-token-value"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          className="h-10 min-w-0 flex-1 rounded-lg border border-emerald-300 bg-white px-3 font-mono text-xs text-zinc-900"
        />
        <Button variant="secondary" onClick={copy}>
          {copied === "yes" ? t("copied") : t("copy")}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t("done")}
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 text-xs">
        {copied === "yes" ? t("copiedToClipboard") : copied === "select" ? t("selectedToCopy") : ""}
      </p>
    </Alert>
  );
}
