export const dynamic = "force-dynamic";

/** The server's clock, for countdowns in browsers whose own clock is off. Never cached. */
export function GET() {
  return Response.json({ now: Date.now() }, { headers: { "cache-control": "no-store" } });
}
