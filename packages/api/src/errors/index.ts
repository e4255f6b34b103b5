export { errorCatalogue, errorCodes, type ErrorCode } from "./catalogue.ts";
export { DomainError, fail } from "./domain-error.ts";
