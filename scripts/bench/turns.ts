/**
 * Sides of a comparison run in alternating turns (1: A B C, 2: C B A, ...): the machine's speed
 * drifts over minutes (docs/performance.md), and a drift between two back-to-back phases would
 * move their ratio; in alternating turns it hits every side alike.
 */
import { info } from "../lib/log.ts";
import type { PhaseResult } from "./stats.ts";

export interface Side {
  /** Key of the side in the result (`direct`, `gateway`, ...). */
  key: string;
  run: (turn: number) => Promise<PhaseResult>;
}

export interface TurnsResult {
  phases: PhaseResult[];
  /** Per side: the mean of its turns' 2xx/s. */
  mean: Record<string, number>;
}

export async function alternateTurns(sides: Side[], turns: number): Promise<TurnsResult> {
  const phases: PhaseResult[] = [];
  const sums: Record<string, number> = Object.fromEntries(sides.map((s) => [s.key, 0]));
  for (let turn = 1; turn <= turns; turn++) {
    for (const side of turn % 2 === 1 ? sides : [...sides].reverse()) {
      const result = await side.run(turn);
      phases.push(result);
      sums[side.key] = (sums[side.key] ?? 0) + result.okThroughput / turns;
      info(
        `${result.name}: ${result.okThroughput.toFixed(0)} 2xx/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
      );
    }
  }
  return { phases, mean: sums };
}
