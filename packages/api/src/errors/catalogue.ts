/**
 * The one catalogue of domain errors. Codes are stable: clients (the apps, API consumers) switch
 * on them. `status` is the HTTP status tRPC answers with; `message` is what a person reads.
 */
export const errorCatalogue = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", message: "The request is not valid." },
  INVALID_AMOUNT: { trpc: "BAD_REQUEST", message: "The amount is not valid for this currency." },
  UNKNOWN_CURRENCY: { trpc: "BAD_REQUEST", message: "This currency is not supported." },
  CURRENCY_MISMATCH: { trpc: "BAD_REQUEST", message: "All items of an order must be priced in one currency." },
  MERCHANT_MISMATCH: { trpc: "BAD_REQUEST", message: "All items of an order must come from one merchant." },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", message: "Please sign in." },
  INVALID_CREDENTIALS: { trpc: "UNAUTHORIZED", message: "The email or password is incorrect." },
  FORBIDDEN: { trpc: "FORBIDDEN", message: "You are not allowed to do this." },
  ACCOUNT_FROZEN: { trpc: "FORBIDDEN", message: "This account is frozen. Contact support." },
  CSRF_REJECTED: { trpc: "FORBIDDEN", message: "The request was refused: it did not come from this site." },
  NOT_FOUND: { trpc: "NOT_FOUND", message: "Not found." },
  EMAIL_TAKEN: { trpc: "CONFLICT", message: "An account with this email already exists." },
  CODE_TAKEN: { trpc: "CONFLICT", message: "This code is already used by another of your SKUs." },
  CURRENCY_EXISTS: { trpc: "CONFLICT", message: "This currency already exists." },
  INSUFFICIENT_FUNDS: { trpc: "UNPROCESSABLE_CONTENT", message: "Your available balance is too low." },
  OUT_OF_STOCK: { trpc: "CONFLICT", message: "Not enough stock left." },
  NOT_LISTED: { trpc: "CONFLICT", message: "This item is not for sale." },
  PRICE_CHANGED: { trpc: "CONFLICT", message: "The price changed while you were ordering. Please try again." },
  ORDER_NOT_PAYABLE: { trpc: "CONFLICT", message: "This order can no longer be paid." },
  ORDER_NOT_CANCELLABLE: { trpc: "CONFLICT", message: "This order can no longer be cancelled." },
  ORDER_EXPIRED: { trpc: "CONFLICT", message: "This order expired: its hold is released, nothing was charged." },
  WITHDRAWAL_NOT_PENDING: { trpc: "CONFLICT", message: "This withdrawal was already decided." },
  STOCK_BELOW_LOCKED: { trpc: "CONFLICT", message: "Stock cannot go below what open orders hold." },
  // Limits on money and stock, and inactive currencies (docs/security.md).
  STOCK_LIMIT: { trpc: "CONFLICT", message: "This would take the SKU past the most stock it can hold." },
  BALANCE_LIMIT: {
    trpc: "CONFLICT",
    message: "This deposit would take the balance past the most one account or the platform may hold.",
  },
  QUANTITY_LIMIT: { trpc: "BAD_REQUEST", message: "Too many units of one item in one order." },
  CURRENCY_INACTIVE: {
    trpc: "CONFLICT",
    message:
      "This currency is no longer accepted for new orders or deposits; existing balances can still be withdrawn.",
  },
  IDEMPOTENCY_CONFLICT: {
    trpc: "UNPROCESSABLE_CONTENT",
    message: "This idempotency key was already used for a different request.",
  },
  IDEMPOTENCY_IN_FLIGHT: { trpc: "CONFLICT", message: "The same request is still being processed." },
  // Who may do what (docs/security.md): hold caps, token cap, four eyes, frozen members.
  HOLD_LIMIT: {
    trpc: "CONFLICT",
    message: "You already hold as many open orders or units of this item as allowed. Pay or cancel one first.",
  },
  TOKEN_LIMIT: { trpc: "CONFLICT", message: "You have as many API tokens as allowed. Revoke one first." },
  SELF_APPROVAL: { trpc: "FORBIDDEN", message: "You cannot approve your own withdrawal; another operator must." },
  MEMBER_FROZEN: { trpc: "CONFLICT", message: "The member's account is frozen: the withdrawal cannot be approved." },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", message: "Too many attempts. Please wait and try again." },
  WEAK_PASSWORD: { trpc: "BAD_REQUEST", message: "Choose a longer, less common password (at least 8 characters)." },
  // Input limits (docs/security.md#input-limits).
  PAYLOAD_TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", message: "The request is too large." },
  CART_FULL: { trpc: "CONFLICT", message: "Your cart is full: order or remove some items first." },
  BUSY: { trpc: "SERVICE_UNAVAILABLE", message: "The shop is very busy right now. Please try again." },
  // Scale-out (cluster): the database connection broke or landed on a read-only server (a
  // PostgreSQL failover in progress). Safe to retry with the same idempotency key.
  DATABASE_UNAVAILABLE: {
    trpc: "SERVICE_UNAVAILABLE",
    message: "The shop is switching to a standby server. Please try again in a moment.",
  },
  // Remote inventory mode (docs/architecture.md#what-users-see): the inventory service is down,
  // too slow, or the circuit breaker is open. Nothing was held; safe to retry with the same key.
  INVENTORY_UNAVAILABLE: {
    trpc: "SERVICE_UNAVAILABLE",
    message: "Stock cannot be checked right now. Nothing was charged or held: please try again in a moment.",
  },
  INTERNAL: { trpc: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side." },
} as const satisfies Record<string, { trpc: TrpcCode; message: string }>;

type TrpcCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNPROCESSABLE_CONTENT"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];
