// Browser-safe money helpers (no Prisma): exact arithmetic on decimal strings and formatting.
export { formatMoney, amountProblem, amountProblemCode, type AmountProblem } from "./format.ts";
export { compare, decimalsOf, fromMinor, isZero, minMax, minus, ratio, sum, times, toMinor } from "./decimal.ts";
