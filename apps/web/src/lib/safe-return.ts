/** A same-site path to return to after signing in; anything else (other hosts, //x) becomes "/". */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value) return "/";
  try {
    // next-auth may hand back an absolute URL of this site.
    const url = new URL(value, "http://same.site");
    if (url.origin !== "http://same.site" && typeof window !== "undefined" && url.origin !== window.location.origin) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/") && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
