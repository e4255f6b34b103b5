import { z } from "zod";

/** The inventory process's environment (apps/inventory/src/main.ts), validated once. */
const schema = z.object({
  INVENTORY_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  INVENTORY_PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  /** The service credential the order service sends (`Authorization: Bearer ...`). */
  SERVICE_TOKEN: z.string().min(16, "at least 16 characters"),
});

export type InventoryEnv = z.infer<typeof schema>;

export function inventoryEnv(source: NodeJS.ProcessEnv = process.env): InventoryEnv {
  return schema.parse(source);
}
