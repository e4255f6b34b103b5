import { checkDrift } from "@trade/db/migrations";
import { testServerUrl } from "@trade/db/testing";
import { describe, expect, it } from "vitest";
import { INVENTORY_MIGRATIONS } from "../src/migrate.ts";

describe("the inventory database's schema", () => {
  it("its migrations still produce what apps/inventory/prisma/schema.prisma describes (no drift)", async () => {
    expect(await checkDrift(await testServerUrl(), INVENTORY_MIGRATIONS)).toEqual({ drift: false, script: "" });
  });
});
