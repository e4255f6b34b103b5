export { errorCatalogue, errorCodes, type ErrorCode } from "./catalogue.ts";
export { DomainError, fail, isDomainError } from "./domain-error.ts";
