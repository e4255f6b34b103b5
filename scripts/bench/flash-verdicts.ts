/**
 * Issue 17's targets, judged on the best flash phase of the run (the bucket count that placed
 * the most orders per second), each against a phase of the same run: flash >= 0.9x spread,
 * >= 1.5x the raw single-row limit (the raw hot SKU), p99 at most half the hot SKU's.
 */
import type { Verdict } from "./report.ts";
import { fmt, type PhaseResult } from "./stats.ts";

export function flashVerdicts(phases: PhaseResult[]): Verdict[] {
  const flash = phases.filter((p) => p.name.startsWith("place flash SKU"));
  if (flash.length === 0) return [];
  const best = flash.reduce((a, b) => (b.okThroughput > a.okThroughput ? b : a));
  const find = (name: string) => phases.find((p) => p.name === name);
  const out: Verdict[] = [];
  const against = (target: string, other: PhaseResult | undefined, factor: number) => {
    if (!other || other.okThroughput <= 0) return;
    const ratio = best.okThroughput / other.okThroughput;
    out.push({
      target: `${target} (${best.name})`,
      measured: `${fmt(ratio, 2)} (${fmt(best.okThroughput, 0)} / ${fmt(other.okThroughput, 0)} orders/s)`,
      met: ratio >= factor,
    });
  };
  against("flash place >= 0.9 x spread place", find("place spread"), 0.9);
  against("flash place >= 1.5 x raw single-row limit", find("raw hot SKU"), 1.5);
  const hot = find("place hot SKU");
  if (hot)
    out.push({
      target: `flash place p99 <= 0.5 x hot SKU p99 (${best.name})`,
      measured: `${fmt(best.p99)} ms / ${fmt(hot.p99)} ms = ${fmt(best.p99 / hot.p99, 2)}`,
      met: best.p99 <= hot.p99 / 2,
    });
  return out;
}
