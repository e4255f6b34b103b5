import { parse } from "csv-parse/sync";
import { type Prisma, type Db } from "@trade/db";
import { z } from "zod";
import { fail, type ErrorCode } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import type { Inventory } from "../inventory/port.ts";
import { registerNewSkus, type NewSku } from "../inventory/remote-stock.ts";
import { parseAmount } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";
import { productInput, skuShape } from "./rules.ts";

/**
 * Bulk import: one row per SKU; rows with the same product_title form one product.
 * Columns: product_title, description, image_url, sku_code, attributes ("colour=red;size=M"),
 * price, currency, stock, status (listed | draft). Every row is validated first; any error means
 * nothing is imported and the report names each bad row (1-based, header excluded).
 */
const row = z.object({
  product_title: z.string().default(""),
  description: z.string().default(""),
  image_url: z.string().default(""),
  sku_code: z.string().default(""),
  attributes: z.string().max(1000).default(""),
  price: z.string().trim().min(1, "price is required"),
  currency: z.string().trim().toUpperCase(),
  stock: z
    .string()
    .trim()
    .regex(/^\d{1,8}$/, "stock must be a whole number"),
  status: z.enum(["listed", "draft", ""]).default(""),
});

/** CSV column names for the fields the shared rules name. */
const COLUMN: Record<string, string> = { title: "product_title", imageUrl: "image_url", code: "sku_code" };

export interface ImportReport {
  imported: { products: number; skus: number };
  /** `code` is the domain code the single-row procedure would answer (CODE_TAKEN, INVALID_AMOUNT, ...). */
  errors: { row: number; code: ErrorCode; message: string }[];
  dryRun: boolean;
}

export async function importCatalogCsv(
  db: Db,
  merchantId: number,
  csv: string,
  dryRun: boolean,
  inventory?: Inventory,
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
        where: { merchantId, code: { in: records.map((r) => String(r.sku_code ?? "").trim()).slice(0, 5000) } },
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
    const reject = (code: ErrorCode, message: string) => void errors.push({ row: line, code, message });
    const parsed = row.safeParse(record);
    if (!parsed.success) return reject("BAD_REQUEST", issues(parsed.error));
    const r = parsed.data;
    const attrs = parseAttributes(r.attributes);
    if (!attrs) return reject("BAD_REQUEST", 'attributes must look like "colour=red;size=M"');
    // The same schemas as merchant.products.create and merchant.skus.create.
    const product = productInput.safeParse({
      title: r.product_title,
      description: r.description,
      imageUrl: r.image_url.trim() || null,
    });
    if (!product.success) return reject("BAD_REQUEST", issues(product.error));
    const sku = skuShape.safeParse({ code: r.sku_code, attributes: attrs, stock: Number(r.stock) });
    if (!sku.success) return reject("BAD_REQUEST", issues(sku.error));
    const scale = scales.get(r.currency);
    if (scale === undefined) return reject("UNKNOWN_CURRENCY", `currency ${r.currency || "(empty)"} is not supported`);
    let price: Prisma.Decimal;
    try {
      price = parseAmount(r.price, scale, "price");
    } catch {
      return reject("INVALID_AMOUNT", `price "${r.price}" is not valid for ${r.currency} (${scale} decimals)`);
    }
    const { code } = sku.data;
    if (existingCodes.has(code) || seenCodes.has(code)) return reject("CODE_TAKEN", `sku_code ${code} already exists`);
    seenCodes.add(code);
    const { title, description, imageUrl } = product.data;
    const group = products.get(title) ?? {
      title,
      description,
      imageUrl: imageUrl ?? null,
      listed: r.status === "listed",
      skus: [],
    };
    group.skus.push({
      productId: 0,
      merchantId,
      code,
      attributes: sku.data.attributes,
      price,
      currency: r.currency,
      stock: sku.data.stock,
    });
    products.set(title, group);
  });

  const counts = { products: products.size, skus: [...products.values()].reduce((n, p) => n + p.skus.length, 0) };
  if (errors.length > 0 || dryRun)
    return { imported: errors.length > 0 ? { products: 0, skus: 0 } : counts, errors, dryRun };

  // Remote mode: the SKUs are created with 0 stock and registered in the inventory service with
  // their stock once the import committed (merchant-skus.ts#createSku says why in that order).
  const remote = inventory?.kind === "remote";
  const registrations: NewSku[] = [];
  await runTx(
    db,
    async (tx) => {
      registrations.length = 0; // a retried transaction starts over
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
        const stockOf = new Map(p.skus.map((s) => [s.code, s.stock ?? 0]));
        const skus = await tx.sku.createManyAndReturn({
          data: p.skus.map((s) => ({ ...s, productId: created.id, ...(remote ? { stock: 0 } : {}) })),
          select: { id: true, code: true, stock: true },
        });
        if (remote) {
          for (const s of skus) registrations.push({ skuId: s.id, merchantId, stock: stockOf.get(s.code) ?? 0 });
          continue;
        }
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
  if (inventory?.kind === "remote") await registerNewSkus(inventory, registrations, merchantId);
  return { imported: counts, errors, dryRun };
}

function issues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.map((p) => COLUMN[String(p)] ?? String(p)).join(".")}: ${i.message}`)
    .join("; ");
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
