// The machine a run happened on, for the results file: numbers mean little
// without the CPU, the core count and the load they were measured under.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  flags: string;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  date: string;
  loadavg: number[];
}

function cpuinfo(): { model?: string; family?: string; flags?: string } {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string) => text.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
    const family = field('cpu family'), model = field('model');
    return { model: field('model name'), family: family && `family ${family} model ${model}`, flags: field('flags') };
  } catch {
    return {};
  }
}

export function describeMachine(): Machine {
  const info = cpuinfo();
  // The SIMD extensions that decide native vs wasm ceilings.
  const wanted = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512_vnni', 'avx512_bf16'];
  const have = new Set((info.flags ?? '').split(/\s+/));
  return {
    // "AMD EPYC" alone does not say which generation; the family does (25 Zen 3/4, 26 Zen 5).
    cpu: `${info.model ?? os.cpus()[0]?.model ?? 'unknown'}${info.family ? ` (${info.family})` : ''}`,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    flags: wanted.filter((f) => have.has(f)).join(' '),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
