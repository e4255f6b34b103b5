"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, ConfirmDialog, ErrorAlert, FilterBar, Table, Td, useCursorPager, useToast } from "@trade/ui";
import { FilteredList } from "~/components/filtered-list";
import { LocalizedStatus } from "~/components/localized-status";
import { useStatusSelect } from "~/components/status-select";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import type { SkuStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { SkuFormDialog, type SkuForm } from "./sku-form-dialog";
import type { SkuRow } from "./sku-row";

const PAGE_SIZE = 25;
const SKU_STATUSES = ["LISTED", "DELISTED"] as const satisfies readonly SkuStatus[];

type Open = SkuForm | { kind: "delist"; sku: SkuRow } | null;

export function SkusCard({ productId }: { productId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [q, setQ] = useState("");
  const t = useTranslations("skus");
  const filterText = useTranslations("filters");
  const { formatCount, money } = useFormat();
  const [status, setStatus] = useState<SkuStatus | undefined>();
  const statusSelect = useStatusSelect(SKU_STATUSES, {
    label: t("status"),
    allLabel: t("all"),
    value: status,
    onChange: setStatus,
  });
  const pager = useCursorPager<number>(`${q}|${status ?? ""}`);
  const skus = useQuery(
    trpc.merchant.skus.page.queryOptions(
      { productId, q: q || undefined, status, cursor: pager.cursor, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData },
    ),
  );
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.merchant.skus.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.merchant.products.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.merchant.dashboard.pathKey() }),
    ]);

  const setSkuStatus = useMutation(
    trpc.merchant.skus.setStatus.mutationOptions({
      onSuccess: async (sku) => {
        close();
        await refresh();
        toast(sku.status === "LISTED" ? t("listedToast", { code: sku.code }) : t("delistedToast", { code: sku.code }));
      },
    }),
  );

  const filtered = Boolean(q || status);
  return (
    <Card
      title={t("title")}
      description={t("description")}
      actions={<Button onClick={() => setOpen({ kind: "add" })}>{t("add")}</Button>}
    >
      <FilterBar
        label={t("filterForm")}
        search={{ label: t("search"), value: q, onSearch: setQ, maxLength: 64 }}
        selects={[statusSelect]}
        submitLabel={filterText("search")}
        resetLabel={filterText("reset")}
        onReset={() => {
          setQ("");
          setStatus(undefined);
        }}
        active={filtered}
      />
      {setSkuStatus.error && !open && <ErrorAlert error={setSkuStatus.error} className="mb-4" />}
      <FilteredList
        namespace="skus"
        query={skus}
        pager={pager}
        pageSize={PAGE_SIZE}
        filtered={filtered}
        action={<Button onClick={() => setOpen({ kind: "add" })}>{t("addFirst")}</Button>}
      >
        {(items) => (
          <Table
            caption={t("caption")}
            columns={[
              t("code"),
              t("attributes"),
              { label: t("price"), align: "right" },
              { label: t("stock"), align: "right" },
              { label: t("held"), align: "right" },
              { label: t("sold"), align: "right" },
              t("status"),
              { label: t("actions"), align: "right", srOnly: true },
            ]}
          >
            {items.map((sku) => (
              <tr key={sku.id} data-sku={sku.code}>
                <Td className="font-mono text-xs font-medium">{sku.code}</Td>
                <Td className="text-neutral-600">
                  {Object.keys(sku.attributes).length === 0 ? (
                    <span className="text-neutral-400">—</span>
                  ) : (
                    Object.entries(sku.attributes)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(", ")
                  )}
                </Td>
                <Td align="right" className="whitespace-nowrap tabular-nums">
                  {money(sku.price, sku.currency, sku.scale)}
                </Td>
                <Td
                  align="right"
                  className={sku.stock === 0 ? "font-semibold text-red-700 tabular-nums" : "tabular-nums"}
                >
                  {formatCount(sku.stock)}
                </Td>
                <Td align="right" className="tabular-nums text-neutral-600">
                  {formatCount(sku.stockLocked)}
                </Td>
                <Td align="right" className="tabular-nums text-neutral-600">
                  {formatCount(sku.sold)}
                </Td>
                <Td>
                  <LocalizedStatus status={sku.status} />
                </Td>
                <Td align="right">
                  <div className="flex justify-end gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setOpen({ kind: "price", sku })}
                      aria-label={t("editPrice", { code: sku.code })}
                    >
                      {t("price")}
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setOpen({ kind: "stock", sku })}
                      aria-label={t("adjustStock", { code: sku.code })}
                    >
                      {t("stock")}
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setOpen({ kind: "flash", sku })}
                      aria-label={t("flashOf", { code: sku.code })}
                    >
                      {sku.flashBuckets > 0 ? t("flashN", { count: sku.flashBuckets }) : t("flash")}
                    </Button>
                    {sku.status === "LISTED" ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-700"
                        onClick={() => {
                          setSkuStatus.reset();
                          setOpen({ kind: "delist", sku });
                        }}
                        aria-label={t("delistCode", { code: sku.code })}
                      >
                        {t("delist")}
                      </Button>
                    ) : (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-green-700"
                        loading={setSkuStatus.isPending && setSkuStatus.variables?.skuId === sku.id}
                        onClick={() => setSkuStatus.mutate({ skuId: sku.id, status: "LISTED" })}
                        aria-label={t("listCode", { code: sku.code })}
                      >
                        {t("list")}
                      </Button>
                    )}
                  </div>
                </Td>
              </tr>
            ))}
          </Table>
        )}
      </FilteredList>

      <SkuFormDialog
        form={open?.kind === "delist" ? null : open}
        productId={productId}
        onClose={close}
        onDone={refresh}
      />
      <ConfirmDialog
        open={open?.kind === "delist"}
        title={open?.kind === "delist" ? t("confirmDelist", { code: open.sku.code }) : ""}
        confirmLabel={t("delistSku")}
        busy={setSkuStatus.isPending}
        alert={<ErrorAlert error={setSkuStatus.error} />}
        onCancel={close}
        onConfirm={() => open?.kind === "delist" && setSkuStatus.mutate({ skuId: open.sku.id, status: "DELISTED" })}
      >
        {t("delistBody")}
      </ConfirmDialog>
    </Card>
  );
}
