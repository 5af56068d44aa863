// How busy the rest of the machine is. These machines are shared: other
// processes' CPU time during a timed batch is read from /proc/stat (all CPUs)
// minus the CPU time the benchmark's own processes used, in cores.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Cores' worth of other work above which a measurement is marked noisy. */
export const NOISY_CORES = 0.25;

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // Linux's USER_HZ is 100 on every common configuration.
}

/** Busy CPU time of the whole machine so far, ms; undefined where /proc/stat does not exist. */
export function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A window over which foreign load is measured: call stop() with the CPU time our children used. */
export function startWindow(): { stop(childCpuMs: number): number | undefined } {
  const busy0 = machineBusyMs();
  const own0 = ownCpuMs();
  const t0 = performance.now();
  return {
    stop(childCpuMs: number) {
      const busy1 = machineBusyMs();
      if (busy0 === undefined || busy1 === undefined) return undefined;
      const wall = performance.now() - t0;
      const foreign = busy1 - busy0 - childCpuMs - (ownCpuMs() - own0);
      return Math.max(0, foreign / wall);
    },
  };
}

/** Other processes' load while the benchmark sits idle for `ms`. */
export async function idleLoad(ms: number): Promise<number | undefined> {
  const window = startWindow();
  await sleep(ms);
  return window.stop(0);
}

/**
 * Waits (up to maxWaitMs) for the rest of the machine to go quiet.
 * Returns the last load seen and how long it waited.
 */
export async function waitForQuiet(maxWaitMs: number, sampleMs = 300): Promise<{ load: number | undefined; waitedMs: number }> {
  const start = performance.now();
  for (;;) {
    const load = await idleLoad(sampleMs);
    const waitedMs = performance.now() - start;
    if (load === undefined || load <= NOISY_CORES || waitedMs >= maxWaitMs) return { load, waitedMs };
  }
}
