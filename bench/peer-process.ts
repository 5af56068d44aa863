// The parent's handle on one peer's child process (bench/child.ts): a forked
// Node process spoken to with request/reply messages.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Request } from './child.js';
import type { RunnerKind } from './runners/runner.js';

export interface PeerSpec {
  id: string;
  label: string;
  kind: RunnerKind;
  threads: number;
}

/** Longer than any honest batch: the slowest peer's warm-up plus its timed calls. */
const REQUEST_TIMEOUT_MS = 90_000;

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

export class PeerProcess {
  threads = 1;
  note?: string;
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private log: string[] = [];

  private constructor(readonly spec: PeerSpec, private child: ChildProcess) {
    // Libraries print banners and warnings; keep them off the report, but
    // keep the tail to explain a crash.
    const keep = (chunk: Buffer) => {
      this.log.push(...chunk.toString().split('\n').filter(Boolean));
      this.log.splice(0, Math.max(0, this.log.length - 20));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    child.on('exit', (code, signal) => {
      const reason = new Error(`${spec.label}: process exited (${signal ?? code})${this.log.length ? `: ${this.log.slice(-3).join(' | ')}` : ''}`);
      for (const p of this.pending.values()) p.reject(reason);
      this.pending.clear();
    });
  }

  static async start(spec: PeerSpec): Promise<PeerProcess> {
    const child = fork(CHILD, [], { serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const peer = new PeerProcess(spec, child);
    try {
      const info = (await peer.request({ type: 'init', kind: spec.kind, threads: spec.threads })) as { threads: number; note?: string };
      peer.threads = info.threads;
      peer.note = info.note;
    } catch (error) {
      peer.kill();
      throw error;
    }
    return peer;
  }

  /**
   * One request and its reply. A peer that hangs (a lost wake-up in a thread
   * pool) is killed after timeoutMs, so one broken peer cannot stall the run.
   */
  request<T = unknown>(request: Request, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.reject(new Error(`${this.spec.label}: process has exited`));
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.spec.label}: no reply to ${request.type} within ${timeoutMs / 1000} s; process killed`));
        this.kill();
      }, timeoutMs);
      const settle = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => { clearTimeout(timer); f(...a); };
      this.pending.set(id, { resolve: settle(resolve as (v: unknown) => void), reject: settle(reject) });
      this.child.send({ id, request });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await Promise.race([this.request({ type: 'exit' }).catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.kill();
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}
