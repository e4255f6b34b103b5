/**
 * What browser code may know of the environment: Next.js inlines NODE_ENV at build time. Server
 * configuration lives in env.ts and never reaches the browser.
 */
export const isDevelopment = process.env.NODE_ENV === "development";
