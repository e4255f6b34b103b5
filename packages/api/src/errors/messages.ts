import { errorCatalogue, type ErrorCode } from "./catalogue.ts";

/**
 * What a person reads for each domain error code, per UI language. English is the catalogue's own
 * message; every other language has one entry per code, so adding a code to the catalogue without
 * its translation fails to compile (and the apps' i18n test says which). The apps use these for
 * any code they do not word more precisely themselves.
 */
export const errorMessageLocales = ["en", "zh-CN"] as const;
export type ErrorMessageLocale = (typeof errorMessageLocales)[number];

const en = Object.fromEntries(Object.entries(errorCatalogue).map(([code, entry]) => [code, entry.message])) as Record<
  ErrorCode,
  string
>;

// Simplified Chinese as a Chinese shop writes it: 商品, 订单, 钱包, 冻结, 库存, 商户, 待支付.
const zhCN: Record<ErrorCode, string> = {
  BAD_REQUEST: "请求无效。",
  INVALID_AMOUNT: "金额不符合该币种的要求。",
  UNKNOWN_CURRENCY: "不支持该币种。",
  CURRENCY_MISMATCH: "同一订单的商品必须使用同一币种计价。",
  MERCHANT_MISMATCH: "同一订单的商品必须来自同一商户。",
  UNAUTHORIZED: "请先登录。",
  INVALID_CREDENTIALS: "邮箱或密码错误。",
  FORBIDDEN: "您无权执行此操作。",
  ACCOUNT_FROZEN: "该账户已被冻结，请联系客服。",
  CSRF_REJECTED: "请求被拒绝：它并非来自本站。",
  NOT_FOUND: "未找到。",
  EMAIL_TAKEN: "该邮箱已注册。",
  CODE_TAKEN: "该编码已被您的其他 SKU 使用。",
  CURRENCY_EXISTS: "该币种已存在。",
  INSUFFICIENT_FUNDS: "可用余额不足。",
  OUT_OF_STOCK: "库存不足。",
  NOT_LISTED: "该商品未在售。",
  PRICE_CHANGED: "下单过程中价格发生了变化，请重试。",
  ORDER_NOT_PAYABLE: "该订单已无法支付。",
  ORDER_NOT_CANCELLABLE: "该订单已无法取消。",
  ORDER_EXPIRED: "该订单已过期：冻结的资金和库存将被释放，未产生任何扣款。",
  WITHDRAWAL_NOT_PENDING: "该提现申请已处理。",
  STOCK_BELOW_LOCKED: "库存不能低于未完成订单已锁定的数量。",
  STOCK_LIMIT: "这会使该 SKU 的库存超过上限。",
  BALANCE_LIMIT: "这笔充值会使余额超过单个账户或平台的上限。",
  QUANTITY_LIMIT: "同一订单中单件商品的数量过多。",
  CURRENCY_INACTIVE: "该币种已停止用于新订单和充值；已有余额仍可提现。",
  IDEMPOTENCY_CONFLICT: "该幂等键已用于另一个不同的请求。",
  IDEMPOTENCY_IN_FLIGHT: "相同的请求仍在处理中。",
  HOLD_LIMIT: "您待支付的订单或该商品的锁定数量已达上限，请先支付或取消一笔订单。",
  TOKEN_LIMIT: "您的 API 令牌数量已达上限，请先撤销一个。",
  SELF_APPROVAL: "您不能审批自己的提现申请，须由其他运营人员审批。",
  MEMBER_FROZEN: "该会员账户已被冻结，提现无法通过审批。",
  RATE_LIMITED: "尝试次数过多，请稍后再试。",
  WEAK_PASSWORD: "请设置更长、更不常见的密码（至少 8 位）。",
  PAYLOAD_TOO_LARGE: "请求内容过大。",
  CART_FULL: "购物车已满：请先下单或移除部分商品。",
  BUSY: "商城当前访问量过大，请稍后重试。",
  DATABASE_UNAVAILABLE: "商城正在切换到备用服务器，请稍后重试。",
  INVENTORY_UNAVAILABLE: "暂时无法查询库存，未产生任何扣款或冻结，请稍后重试。",
  INTERNAL: "服务器出了点问题。",
};

export const errorMessages: Record<ErrorMessageLocale, Record<ErrorCode, string>> = { en, "zh-CN": zhCN };

/** The message for a code in a language, falling back to English for a language it does not know. */
export function errorMessage(code: ErrorCode, locale: string): string {
  const table = (errorMessages as Record<string, Record<ErrorCode, string> | undefined>)[locale] ?? errorMessages.en;
  return table[code] ?? errorMessages.en[code];
}
