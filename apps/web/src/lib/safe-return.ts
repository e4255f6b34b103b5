const PLACEHOLDER = "http://same.site";

/**
 * A same-site path to return to after signing in. Absolute URLs are accepted only for this site's
 * own origin (next-auth hands those back); other hosts and protocol-relative "//x" become "/".
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, PLACEHOLDER);
    const own = typeof window !== "undefined" ? window.location.origin : null;
    if (url.origin !== PLACEHOLDER && url.origin !== own) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/") && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
