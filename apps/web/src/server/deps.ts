import "server-only";
import { getAppDeps } from "@trade/api";
import { serverEnv } from "../env";
import { depsOptions } from "./config";

/** The storefront's shared dependencies (one DB pool, one Redis connection per process). */
export function deps() {
  return getAppDeps(depsOptions(serverEnv()));
}
