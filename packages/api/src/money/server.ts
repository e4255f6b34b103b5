export { Money, MAX_AMOUNT, parseAmount, toWire } from "./amount.ts";
