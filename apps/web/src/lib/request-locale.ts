import "server-only";
import { headers } from "next/headers";

/** The first usable language of the request's Accept-Language header (en-US by default). */
export async function requestLocale(): Promise<string> {
  const header = (await headers()).get("accept-language") ?? "";
  for (const part of header.split(",")) {
    const tag = part.split(";")[0]?.trim();
    if (!tag || tag === "*") continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // not a valid language tag: try the next one
    }
  }
  return "en-US";
}
