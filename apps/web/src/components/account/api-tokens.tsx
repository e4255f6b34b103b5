"use client";

import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Field,
  formText,
  Input,
  LoadingRegion,
  Select,
  Skeleton,
} from "@trade/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ErrorAlert } from "~/components/error-alert";
import { LocalTime } from "~/lib/local-time";
import { useTRPC } from "~/trpc/react";

export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.auth.tokens.queryOptions());
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
      name: formText(form, "name").trim() || "API token",
      ...(ttl ? { ttlDays: Number(ttl) } : {}),
    });
    event.currentTarget.reset();
  }

  return (
    <Card>
      <CardHeader
        title="API tokens"
        description={
          <>
            Use a token as <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs">Authorization: Bearer …</code> to
            call the shop's API. It can do what you can.
          </>
        }
      />
      <CardBody className="space-y-6">
        {created && <NewToken name={created.name} token={created.token} onDone={() => setCreated(null)} />}

        <form onSubmit={onCreate} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
          <Field id="token-name" label="Token name">
            <Input id="token-name" name="name" required maxLength={100} placeholder="e.g. Reporting script" />
          </Field>
          <Field id="token-ttl" label="Expires">
            <Select id="token-ttl" name="ttl" defaultValue="90">
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In a year</option>
              <option value="">Never</option>
            </Select>
          </Field>
          <Button type="submit" loading={create.isPending} loadingText="Creating…">
            Create token
          </Button>
        </form>
        {create.error ? <ErrorAlert error={create.error} /> : null}
        {revoke.error ? <ErrorAlert error={revoke.error} /> : null}

        {tokens.isPending ? (
          <LoadingRegion label="Loading tokens" className="space-y-2">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </LoadingRegion>
        ) : tokens.error ? (
          <ErrorAlert error={tokens.error} />
        ) : tokens.data.length === 0 ? (
          <p className="rounded-xl bg-zinc-50 px-4 py-6 text-center text-sm text-zinc-600">No tokens yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200" aria-label="Your API tokens">
            {tokens.data.map((t) => (
              <li
                key={t.id}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
                data-testid="api-token"
              >
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-zinc-900">{t.name}</p>
                  <p className="text-xs text-zinc-600">
                    <code className="font-mono">{t.prefix}…</code> · created{" "}
                    <LocalTime value={t.createdAt} format="date" />
                    {" · "}
                    {t.lastUsedAt ? (
                      <>
                        last used <LocalTime value={t.lastUsedAt} />
                      </>
                    ) : (
                      "never used"
                    )}
                    {" · "}
                    {t.expiresAt ? (
                      <>
                        expires <LocalTime value={t.expiresAt} format="date" />
                      </>
                    ) : (
                      "no expiry"
                    )}
                  </p>
                </div>
                {confirming === t.id ? (
                  <div className="flex gap-2" role="group" aria-label={`Confirm revoking ${t.name}`}>
                    <Button
                      variant="danger-outline"
                      size="sm"
                      loading={revoke.isPending}
                      loadingText="Revoking…"
                      onClick={() => revoke.mutate({ tokenId: t.id })}
                    >
                      Yes, revoke
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setConfirming(null)}>
                      Keep
                    </Button>
                  </div>
                ) : (
                  <Button variant="danger-outline" size="sm" onClick={() => setConfirming(t.id)}>
                    Revoke<span className="sr-only"> {t.name}</span>
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
    <Alert tone="success" title={`Token “${name}” created`} data-testid="new-token">
      <p>Copy it now: it is shown only once and can't be recovered.</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-token-value" className="sr-only">
          Your new API token
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
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 text-xs">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "select"
            ? "Selected: press Ctrl+C (or ⌘C) to copy."
            : ""}
      </p>
    </Alert>
  );
}
