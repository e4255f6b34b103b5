export { testServerUrl } from "./server-url.ts";
export { createTestDatabase, type TestDatabase } from "./test-database.ts";
