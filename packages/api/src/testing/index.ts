export { createTestApp, type TestApp, type TestUser } from "./test-app.ts";
