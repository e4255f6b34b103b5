/**
 * Who used the CPU during a phase: the load generator (this process), the Next.js server (its
 * process group), the PostgreSQL backends serving the bench database, and the whole machine.
 * Read from /proc (Linux); elsewhere only this process is measured. With 2 cores shared by all
 * of them, this is what explains most of the app/raw gap.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import type { CpuShare } from "./stats.ts";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcSample {
  /** pid -> [cpu ticks, process group] */
  procs: Map<number, [number, number]>;
  machineBusyTicks: number;
  self: NodeJS.CpuUsage;
  at: number;
}

export interface CpuTargets {
  /** Process group of the app server (null when there is none, e.g. raw phases: still sampled). */
  appGroup: number | null;
  /** PostgreSQL backend pids of the bench database (re-read at the end of the phase). */
  pgBackends: () => Promise<number[]>;
}

export class CpuSampler {
  private before: ProcSample | null = null;

  constructor(private readonly targets: CpuTargets) {}

  start(): void {
    this.before = sample();
  }

  async stop(): Promise<CpuShare | undefined> {
    const before = this.before;
    if (!before) return undefined;
    const after = sample();
    const backends = await this.targets.pgBackends().catch(() => []);
    const ticks = (pick: (pid: number, pgrp: number) => boolean): number => {
      let total = 0;
      for (const [pid, [cpu, pgrp]] of after.procs) {
        if (!pick(pid, pgrp)) continue;
        total += cpu - (before.procs.get(pid)?.[0] ?? 0);
      }
      return total / TICKS_PER_SECOND;
    };
    const backendSet = new Set(backends);
    const selfS = (after.self.user + after.self.system - before.self.user - before.self.system) / 1e6;
    const appS = this.targets.appGroup === null ? 0 : ticks((_, pgrp) => pgrp === this.targets.appGroup);
    const pgS = ticks((pid) => backendSet.has(pid));
    const machineS = after.procs.size > 0 ? (after.machineBusyTicks - before.machineBusyTicks) / TICKS_PER_SECOND : 0;
    const seconds: Record<string, number> = { "load generator": selfS, "web server": appS, "postgres backends": pgS };
    if (machineS > 0) seconds["everything else"] = Math.max(0, machineS - selfS - appS - pgS);
    return { seconds, wallS: (after.at - before.at) / 1000, cores: os.availableParallelism() };
  }
}

function sample(): ProcSample {
  const procs = new Map<number, [number, number]>();
  let machineBusyTicks = 0;
  if (process.platform === "linux") {
    try {
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
          // Fields after "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          procs.set(Number(entry), [Number(fields[11]) + Number(fields[12]), Number(fields[2])]);
        } catch {
          // exited while we looked
        }
      }
      const cpuLine = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
      const values = cpuLine.trim().split(/\s+/).slice(1).map(Number);
      // user nice system idle iowait irq softirq steal ...
      const idle = (values[3] ?? 0) + (values[4] ?? 0);
      machineBusyTicks = values.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
    } catch {
      procs.clear();
    }
  }
  return { procs, machineBusyTicks, self: process.cpuUsage(), at: performance.now() };
}

/** "load generator 0.31, web 0.92, ..." as cores used on average (CPU seconds / wall seconds). */
export function formatCpu(cpu: CpuShare | undefined): string {
  if (!cpu) return "n/a";
  return Object.entries(cpu.seconds)
    .map(([name, s]) => `${name} ${(s / cpu.wallS).toFixed(2)}`)
    .join(", ");
}
