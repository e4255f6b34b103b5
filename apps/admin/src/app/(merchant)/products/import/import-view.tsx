"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import { Alert, Button, ButtonLink, Card, ErrorAlert, Field, Input, PageHeader, Table, Td, Textarea } from "@trade/ui";
import { csvRecords } from "~/lib/csv";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const MAX_BYTES = 2_000_000;
const PREVIEW_ROWS = 20;
// Column names are the file's (English, as the server reads them); their notes are messages.
const COLUMNS = [
  ["product_title", "colProductTitle"],
  ["description", "colOptional"],
  ["image_url", "colImageUrl"],
  ["sku_code", "colSkuCode"],
  ["attributes", "colAttributes"],
  ["price", "colPrice"],
  ["currency", "colCurrency"],
  ["stock", "colStock"],
  ["status", "colStatus"],
] as const;

const TEMPLATE = [
  "product_title,description,image_url,sku_code,attributes,price,currency,stock,status",
  'Linen shirt,"Breathable, relaxed fit",,LINEN-WHITE-M,colour=white;size=M,39.00,USD,25,listed',
  'Linen shirt,"Breathable, relaxed fit",,LINEN-WHITE-L,colour=white;size=L,39.00,USD,18,listed',
  "Green tea,Loose leaf 100 g,,TEA-GREEN-100,,1200,JPY,40,draft",
].join("\n");

type Report = {
  imported: { products: number; skus: number };
  errors: { row: number; message: string }[];
  dryRun: boolean;
};

/**
 * Bulk import: pick (or paste) a CSV, check it (a dry run validates every row and reports
 * errors by row number), then import. Any error means nothing at all is imported.
 */
export function ImportView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState("");
  const t = useTranslations("import");
  const { formatCount } = useFormat();
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ csv: string; report: Report } | null>(null);
  const [done, setDone] = useState<Report | null>(null);

  const run = useMutation(
    trpc.merchant.products.importCsv.mutationOptions({
      onSuccess: async (report, input) => {
        if (input.dryRun) {
          setChecked({ csv: input.csv, report });
        } else {
          setChecked(null);
          setDone(report);
          if (report.errors.length === 0) await queryClient.invalidateQueries({ queryKey: trpc.merchant.pathKey() });
        }
      },
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    setChecked(null);
    setDone(null);
    run.reset();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(t("tooLarge", { size: formatCount(Math.round(file.size / 1024)) }));
      return;
    }
    setFileName(file.name);
    setCsv(await file.text());
  }

  const report = done ?? (checked?.csv === csv ? checked.report : null);
  const readyToImport = checked !== null && checked.csv === csv && checked.report.errors.length === 0 && !done;
  // Importing without a check first is allowed (the server validates every row either way),
  // but not a file whose check just found errors.
  const canImport =
    csv.trim() !== "" &&
    csv.length <= MAX_BYTES &&
    !done &&
    !(checked?.csv === csv && checked.report.errors.length > 0);
  const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE + "\n")}`;

  return (
    <>
      <PageHeader
        back={{ href: "/products", label: t("back") }}
        title={t("title")}
        description={t("description")}
        actions={
          <a
            href={templateHref}
            download="trade-products-template.csv"
            className="text-sm font-medium text-indigo-700 hover:underline"
          >
            {t("template")}
          </a>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title={t("step1")}>
          <div className="space-y-4">
            <Field
              label={t("csvFile")}
              hint={fileName ? t("selected", { name: fileName }) : t("fileHint")}
              error={fileError}
            >
              <Input
                type="file"
                accept=".csv,text/csv"
                onChange={onFile}
                className="h-auto py-1.5 file:mr-3 file:rounded file:border-0 file:bg-neutral-100 file:px-3 file:py-1 file:text-sm"
              />
            </Field>
            <Field label={t("paste")}>
              <Textarea
                name="csv"
                rows={8}
                value={csv}
                spellCheck={false}
                className="font-mono text-xs"
                onChange={(e) => {
                  setCsv(e.target.value);
                  setFileName(null);
                  setDone(null);
                }}
                placeholder={TEMPLATE.split("\n").slice(0, 2).join("\n")}
              />
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button
                variant={readyToImport ? "secondary" : "primary"}
                disabled={!csv.trim() || csv.length > MAX_BYTES}
                loading={run.isPending && run.variables?.dryRun}
                onClick={() => {
                  setDone(null);
                  run.mutate({ csv, dryRun: true });
                }}
              >
                {t("check")}
              </Button>
              <Button
                disabled={!canImport}
                loading={run.isPending && !run.variables?.dryRun}
                onClick={() => run.mutate({ csv, dryRun: false })}
              >
                {t("import")}
              </Button>
            </div>
            <ErrorAlert error={run.error} title={t("refused")} />
            {report && <ImportReport report={report} />}
            {report?.dryRun && <Preview csv={csv} errorRows={new Set(report.errors.map((e) => e.row))} />}
          </div>
        </Card>
        <Card title={t("columns")} className="self-start">
          <dl className="space-y-2 text-sm">
            {COLUMNS.map(([name, note]) => (
              <div key={name}>
                <dt className="font-mono text-xs font-semibold">{name}</dt>
                <dd className="text-neutral-600">{t(note)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}

function ImportReport({ report }: { report: Report }) {
  const t = useTranslations("import");
  const { formatCount } = useFormat();
  if (report.errors.length > 0) {
    return (
      <div className="space-y-3" data-testid="import-report">
        <Alert tone="danger" title={t("rowErrors", { count: report.errors.length })}>
          {t("fixRows")}
        </Alert>
        <Table caption={t("errorsCaption")} columns={[{ label: t("row"), align: "right" }, t("problem")]}>
          {report.errors.map((e, i) => (
            <tr key={`${e.row}-${i}`}>
              <Td align="right" className="font-mono tabular-nums">
                {e.row}
              </Td>
              <Td>{e.message}</Td>
            </tr>
          ))}
        </Table>
      </div>
    );
  }
  if (report.dryRun) {
    return (
      <Alert tone="info" title={t("valid")} className="w-full">
        <span data-testid="import-report">
          {t("ready", {
            products: formatCount(report.imported.products),
            skus: formatCount(report.imported.skus),
          })}
        </span>
      </Alert>
    );
  }
  return (
    <Alert
      tone="success"
      title={t("imported")}
      action={
        <ButtonLink href="/products" size="sm" variant="outline">
          {t("viewProducts")}
        </ButtonLink>
      }
    >
      <span data-testid="import-report">
        {t("importedBody", {
          products: formatCount(report.imported.products),
          skus: formatCount(report.imported.skus),
        })}
      </span>
    </Alert>
  );
}

/** The first rows as the import will read them, rows with errors highlighted. */
function Preview({ csv, errorRows }: { csv: string; errorRows: Set<number> }) {
  const t = useTranslations("import");
  const { formatCount } = useFormat();
  const { records } = csvRecords(csv, PREVIEW_ROWS);
  if (records.length === 0) return null;
  const cols = ["product_title", "sku_code", "attributes", "price", "currency", "stock", "status"] as const;
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold">{t("preview", { count: formatCount(records.length) })}</h3>
      <Table caption={t("previewCaption")} columns={[{ label: t("row"), align: "right" }, ...cols]}>
        {records.map((r, i) => (
          <tr key={i} className={errorRows.has(i + 1) ? "bg-red-50" : undefined}>
            <Td align="right" className="font-mono tabular-nums">
              {i + 1}
              {errorRows.has(i + 1) && <span className="sr-only">{t("hasError")}</span>}
            </Td>
            {cols.map((c) => (
              <Td key={c} className="max-w-48 truncate">
                {r[c] || <span className="text-neutral-400">—</span>}
              </Td>
            ))}
          </tr>
        ))}
      </Table>
    </div>
  );
}
