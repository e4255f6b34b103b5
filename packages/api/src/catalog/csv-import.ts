import { parse } from "csv-parse/sync";
import { type Prisma, type Db } from "@trade/db";
import { z } from "zod";
import { DomainError, fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { parseAmount } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";

/**
 * Bulk import: one row per SKU; rows with the same product_title form one product.
 * Columns: product_title, description, image_url, sku_code, attributes ("colour=red;size=M"),
 * price, currency, stock, status (listed | draft). Every row is validated first; any error means
 * nothing is imported and the report names each bad row (1-based, header excluded).
 */
const row = z.object({
  product_title: z.string().trim().min(1, "product_title is required").max(200),
  description: z.string().trim().max(5000).default(""),
  image_url: z.string().trim().max(2000).default(""),
  sku_code: z.string().trim().min(1, "sku_code is required").max(64),
  attributes: z.string().trim().max(1000).default(""),
  price: z.string().trim().min(1, "price is required"),
  currency: z.string().trim().toUpperCase(),
  stock: z
    .string()
    .trim()
    .regex(/^\d{1,8}$/, "stock must be a whole number"),
  status: z.enum(["listed", "draft", ""]).default(""),
});

export interface ImportReport {
  imported: { products: number; skus: number };
  errors: { row: number; message: string }[];
  dryRun: boolean;
}

export async function importCatalogCsv(
  db: Db,
  merchantId: number,
  csv: string,
  dryRun: boolean,
): Promise<ImportReport> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      max_record_size: 20_000,
    });
  } catch (error) {
    fail(
      "BAD_REQUEST",
      undefined,
      `The file is not valid CSV: ${error instanceof Error ? error.message.split("\n")[0] : "unreadable"}`,
    );
  }
  if (records.length === 0) fail("BAD_REQUEST", undefined, "The file has no rows.");
  if (records.length > 5000) fail("BAD_REQUEST", undefined, "At most 5,000 rows per import.");

  const scales = new Map((await listCurrencies(db)).filter((c) => c.active).map((c) => [c.code, c.scale]));
  const existingCodes = new Set(
    (
      await db.sku.findMany({
        where: { merchantId, code: { in: records.map((r) => String(r.sku_code ?? "").trim()) } },
        select: { code: true },
      })
    ).map((s) => s.code),
  );
  const errors: ImportReport["errors"] = [];
  const seenCodes = new Set<string>();
  const products = new Map<
    string,
    { title: string; description: string; imageUrl: string | null; listed: boolean; skus: Prisma.SkuCreateManyInput[] }
  >();

  records.forEach((record, index) => {
    const line = index + 1;
    const parsed = row.safeParse(record);
    if (!parsed.success) {
      errors.push({
        row: line,
        message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
      return;
    }
    const r = parsed.data;
    const scale = scales.get(r.currency);
    if (scale === undefined)
      return void errors.push({ row: line, message: `currency ${r.currency || "(empty)"} is not supported` });
    let price: Prisma.Decimal;
    try {
      price = parseAmount(r.price, scale, "price");
    } catch (error) {
      return void errors.push({
        row: line,
        message:
          error instanceof DomainError
            ? `price "${r.price}" is not valid for ${r.currency} (${scale} decimals)`
            : "price is not valid",
      });
    }
    if (existingCodes.has(r.sku_code) || seenCodes.has(r.sku_code))
      return void errors.push({ row: line, message: `sku_code ${r.sku_code} already exists` });
    seenCodes.add(r.sku_code);
    const attributes = parseAttributes(r.attributes);
    if (!attributes) return void errors.push({ row: line, message: 'attributes must look like "colour=red;size=M"' });
    const product = products.get(r.product_title) ?? {
      title: r.product_title,
      description: r.description,
      imageUrl: r.image_url || null,
      listed: r.status === "listed",
      skus: [],
    };
    product.skus.push({
      productId: 0,
      merchantId,
      code: r.sku_code,
      attributes,
      price,
      currency: r.currency,
      stock: Number(r.stock),
    });
    products.set(r.product_title, product);
  });

  const counts = { products: products.size, skus: [...products.values()].reduce((n, p) => n + p.skus.length, 0) };
  if (errors.length > 0 || dryRun)
    return { imported: errors.length > 0 ? { products: 0, skus: 0 } : counts, errors, dryRun };

  await runTx(
    db,
    async (tx) => {
      for (const p of products.values()) {
        const created = await tx.product.create({
          data: {
            merchantId,
            title: p.title,
            description: p.description,
            imageUrl: p.imageUrl,
            status: p.listed ? "LISTED" : "DRAFT",
          },
          select: { id: true },
        });
        const skus = await tx.sku.createManyAndReturn({
          data: p.skus.map((s) => ({ ...s, productId: created.id })),
          select: { id: true, stock: true },
        });
        // Initial stock is audited like any other stock change.
        const moves = skus
          .filter((s) => s.stock > 0)
          .map((s) => ({ skuId: s.id, delta: s.stock, reason: "CSV import", actorId: merchantId }));
        if (moves.length > 0) await tx.stockMovement.createMany({ data: moves });
      }
    },
    // A large file is one transaction (all rows or none): allow it a minute; a conflict with
    // another writer is retried like every other transaction.
    { timeoutMs: 60_000 },
  );
  return { imported: counts, errors, dryRun };
}

function parseAttributes(raw: string): Record<string, string> | null {
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const pair of raw.split(";").filter(Boolean)) {
    const [key, ...rest] = pair.split("=");
    if (!key?.trim() || rest.length === 0) return null;
    out[key.trim()] = rest.join("=").trim();
  }
  return out;
}
