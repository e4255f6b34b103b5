export { createTestApp, type TestApp, type TestUser } from "./test-app.ts";
export { withRedis } from "./redis.ts";
export { codeOf } from "./codes.ts";
