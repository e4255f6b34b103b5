import { tradeNextConfig } from "@trade/server/next-config";

export default tradeNextConfig();
