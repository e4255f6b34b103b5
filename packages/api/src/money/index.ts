export { formatMoney, amountProblem } from "./format.ts";
