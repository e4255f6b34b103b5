/**
 * A small typed client for programs that use the API with a bearer token:
 *   const trade = createTradeClient({ url: "http://localhost:3000/api/trpc", token });
 *   await trade.order.place.mutate({ items: [{ skuId: 1, quantity: 1 }], idempotencyKey: crypto.randomUUID() });
 */
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "./root.ts";

export function createTradeClient(options: { url: string; token?: string; fetch?: typeof fetch }) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: options.url,
        transformer: superjson,
        headers: () => (options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

export type TradeClient = ReturnType<typeof createTradeClient>;

export type { AppRouter };
export { errorCodes, type ErrorCode } from "./errors/catalogue.ts";
export {
  apiErrorOf,
  errorCodeOf,
  errorDetailsOf,
  fieldErrorsOf,
  httpStatusOf,
  isErrorCode,
  shouldRetryRead,
  type ApiErrorData,
  type FieldProblem,
} from "./errors/read.ts";
export { signInErrorKey, signInErrorKeys, type SignInErrorKey } from "./errors/sign-in.ts";
export { errorMessage, errorMessageLocales, errorMessages, type ErrorMessageLocale } from "./errors/messages.ts";
