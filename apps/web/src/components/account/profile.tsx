"use client";

import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { ErrorAlert } from "~/components/error-alert";
import { Badge, Button, Card, CardBody, CardHeader, Skeleton } from "@trade/ui";
import { LocalTime } from "~/lib/local-time";
import { useTRPC } from "~/trpc/react";

const ROLE: Record<string, string> = {
  MEMBER: "Customer",
  MERCHANT: "Merchant",
  OPERATOR: "Operator",
  SYSTEM: "System",
};

export function Profile() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return (
    <Card>
      <CardHeader title="Profile" />
      <CardBody>
        {me.error ? (
          <ErrorAlert error={me.error} />
        ) : !me.data ? (
          <div className="space-y-3" aria-hidden="true">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        ) : (
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="text-zinc-600">Name</dt>
              <dd className="font-medium text-zinc-900">{me.data.name}</dd>
            </div>
            <div>
              <dt className="text-zinc-600">Email</dt>
              <dd className="font-medium break-all text-zinc-900">{me.data.email}</dd>
            </div>
            <div className="flex flex-wrap gap-2">
              <Badge tone="brand">{ROLE[me.data.role] ?? me.data.role}</Badge>
              {me.data.status === "FROZEN" ? <Badge tone="danger">Frozen</Badge> : <Badge tone="success">Active</Badge>}
            </div>
            <div>
              <dt className="text-zinc-600">Member since</dt>
              <dd className="text-zinc-900">
                <LocalTime value={me.data.createdAt} format="date" />
              </dd>
            </div>
          </dl>
        )}
        <Button variant="outline" className="mt-6 w-full" onClick={() => void signOut({ callbackUrl: "/" })}>
          Sign out
        </Button>
      </CardBody>
    </Card>
  );
}
