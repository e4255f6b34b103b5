import { parseAppServerEnv, type AppServerEnv } from "@trade/server/app-env";

export interface PaymentEnv extends AppServerEnv {
  /** Where the service listens: 127.0.0.1 unless HOST says otherwise (the gateway is its only client). */
  host: string;
  port: number;
  /** Set in remote inventory mode (the API's dependencies build the client from it and SERVICE_TOKEN). */
  inventoryUrl: string | undefined;
}

/** The payment service's environment, validated once at start (names of problems, never values). */
export function paymentEnv(source: Record<string, string | undefined> = process.env): PaymentEnv {
  const env = parseAppServerEnv(source);
  return {
    ...env,
    host: source.HOST || "127.0.0.1",
    port: env.PORT ?? 3200,
    inventoryUrl: source.INVENTORY_URL || undefined,
  };
}
