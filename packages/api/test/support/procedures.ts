import { appRouter } from "../../src/root.ts";
import type { Access, ProcedureMeta } from "../../src/trpc.ts";

export interface ProcedureInfo {
  path: string;
  type: "query" | "mutation";
  access: Access | undefined;
  frozenAllowed: boolean;
  /** Input fields that name an object by id (`orderId`, `items.skuId`, `skuIds`, `id`). */
  idFields: string[];
}

interface ZodNode {
  _zod?: {
    def: { type: string; shape?: Record<string, ZodNode>; element?: ZodNode; innerType?: ZodNode; in?: ZodNode };
  };
}

/** Every procedure of the router, with what the router itself says about it (builder metadata, input). */
export function listProcedures(): ProcedureInfo[] {
  return Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
    const def = (
      procedure as unknown as { _def: { type: "query" | "mutation"; meta?: ProcedureMeta; inputs: ZodNode[] } }
    )._def;
    return {
      path,
      type: def.type,
      access: def.meta?.access,
      frozenAllowed: def.meta?.frozen === "allowed",
      idFields: def.inputs.flatMap((input) => idFieldsOf(input, "")),
    };
  });
}

const ID_FIELD = /^(id|[A-Za-z]+Ids?)$/;

function idFieldsOf(node: ZodNode | undefined, prefix: string): string[] {
  const def = node?._zod?.def;
  if (!def) return [];
  if (def.type === "object" && def.shape)
    return Object.entries(def.shape).flatMap(([name, child]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      return ID_FIELD.test(name) ? [path] : idFieldsOf(child, path);
    });
  return idFieldsOf(def.element ?? def.innerType ?? def.in, prefix);
}
