"use client";

import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Badge, Button, Card, CardBody, CardHeader, DescriptionItem, ErrorAlert, Skeleton } from "@trade/ui";
import { LocalTime } from "~/lib/local-time";
import { useTRPC } from "~/trpc/react";

const ROLES = {
  MEMBER: "roleMEMBER",
  MERCHANT: "roleMERCHANT",
  OPERATOR: "roleOPERATOR",
  SYSTEM: "roleSYSTEM",
} as const;
const roleKey = (role: string) => (Object.hasOwn(ROLES, role) ? ROLES[role as keyof typeof ROLES] : null);

export function Profile() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const t = useTranslations("account");
  const role = me.data ? roleKey(me.data.role) : null;
  return (
    <Card>
      <CardHeader title={t("profile")} />
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
            <DescriptionItem label={t("name")} valueClassName="font-medium text-zinc-900">
              {me.data.name}
            </DescriptionItem>
            <DescriptionItem label={t("email")} valueClassName="font-medium break-all text-zinc-900">
              {me.data.email}
            </DescriptionItem>
            <div className="flex flex-wrap gap-2">
              <Badge tone="brand">{role ? t(role) : me.data.role}</Badge>
              {me.data.status === "FROZEN" ? (
                <Badge tone="danger">{t("frozen")}</Badge>
              ) : (
                <Badge tone="success">{t("active")}</Badge>
              )}
            </div>
            <DescriptionItem label={t("memberSince")} valueClassName="text-zinc-900">
              <LocalTime value={me.data.createdAt} format="date" />
            </DescriptionItem>
          </dl>
        )}
        <Button variant="outline" className="mt-6 w-full" onClick={() => void signOut({ callbackUrl: "/" })}>
          {t("signOut")}
        </Button>
      </CardBody>
    </Card>
  );
}
