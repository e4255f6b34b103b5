import { healthResponse } from "@trade/server/health";
import { deps } from "~/server/deps";

export const dynamic = "force-dynamic";

export function GET() {
  return healthResponse(deps(), "web");
}
