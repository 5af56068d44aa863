// The async engine's scheduler alone: one call at a time in call order,
// aborts, and dispose() settling everything.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../engine/fast/scheduler.js';
import { Stop } from '../../engine/fast/stop.js';

/** A task that records when it starts and finishes, and waits for `release` in between. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  const task = async (stop: Stop) => {
    log.push(`${name} start`);
    await Promise.race([opened, new Promise<void>((_, reject) => stop.onAbort(() => reject(stop.reason)))]);
    log.push(`${name} end`);
    return name;
  };
  return { task, open };
}

const outcome = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: Error) => ({ error: `${error.name}: ${error.message}` }));
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Scheduler.run(signal, task)', () => {
  it('runs tasks one at a time, in the order they were given', async () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const a = gate(log, 'a'), b = gate(log, 'b');
    const results = [scheduler.run(undefined, a.task), scheduler.run(undefined, b.task)];
    await turn();
    expect(log).toEqual(['a start']);
    b.open();
    await turn();
    expect(log).toEqual(['a start']);
    a.open();
    expect(await Promise.all(results)).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('a failed task rejects its own call only', async () => {
    const scheduler = new Scheduler();
    const failed = scheduler.run(undefined, async () => { throw new Error('bad shape'); });
    const next = scheduler.run(undefined, async () => 'next');
    expect(await outcome(failed)).toEqual({ error: 'Error: bad shape' });
    expect(await next).toBe('next');
  });

  it('a call aborted while queued rejects at once with an AbortError and never runs', async () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const a = gate(log, 'a'), b = gate(log, 'b');
    const controller = new AbortController();
    const first = scheduler.run(undefined, a.task);
    const queued = outcome(scheduler.run(controller.signal, b.task));
    await turn();
    controller.abort();
    expect(await queued).toEqual({ error: 'AbortError: The operation was aborted.' });
    a.open();
    await first;
    await turn();
    expect(log).toEqual(['a start', 'a end']);
  });

  it('a running call\'s stop signal aborts with an AbortError when its caller aborts', async () => {
    const scheduler = new Scheduler();
    const controller = new AbortController();
    const running = outcome(scheduler.run(controller.signal, gate([], 'a').task));
    await turn();
    controller.abort(new Error('a reason of the caller\'s own'));
    expect(await running).toEqual({ error: 'AbortError: The operation was aborted.' });
  });

  it('an already-aborted signal rejects without queueing', async () => {
    const scheduler = new Scheduler();
    let ran = false;
    expect(await outcome(scheduler.run(AbortSignal.abort(), async () => { ran = true; }))).toEqual({ error: 'AbortError: The operation was aborted.' });
    expect(ran).toBe(false);
  });
});

describe('Scheduler.dispose(release)', () => {
  it('rejects queued calls at once, stops the running one, releases after it settled, and refuses later calls', async () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const running = outcome(scheduler.run(undefined, gate(log, 'a').task));
    const queued = outcome(scheduler.run(undefined, gate(log, 'b').task));
    await turn();
    const disposed = scheduler.dispose(async () => { log.push('released'); });
    expect(await queued).toEqual({ error: 'Error: engine: the engine was disposed' });
    expect(await running).toEqual({ error: 'Error: engine: the engine was disposed' });
    await disposed;
    expect(log).toEqual(['a start', 'released']);
    expect(scheduler.disposed).toBe(true);
    expect(await outcome(scheduler.run(undefined, async () => 'late'))).toEqual({ error: 'Error: engine: the engine was disposed' });
    // Disposing again is the same disposal.
    expect(scheduler.dispose(async () => { log.push('again'); })).toBe(disposed);
  });

  it('lets a running call that finishes anyway resolve with its result', async () => {
    const scheduler = new Scheduler();
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    const done = scheduler.run(undefined, async () => {
      started();
      await turn();
      return 'finished';
    });
    await running;
    await scheduler.dispose(async () => {});
    expect(await done).toBe('finished');
  });
});

describe('Stop', () => {
  it('abort(reason) runs each listener once, synchronously, and later aborts change nothing', () => {
    const stop = new Stop();
    const log: string[] = [];
    stop.onAbort(() => log.push(`first ${String(stop.reason)}`));
    stop.onAbort(() => log.push('second'));
    expect(stop.aborted).toBe(false);
    expect(() => stop.throwIfAborted()).not.toThrow();
    stop.abort('disposed');
    expect(log).toEqual(['first disposed', 'second']);
    stop.abort('again');
    expect(log).toEqual(['first disposed', 'second']);
    expect(stop.reason).toBe('disposed');
    expect(() => stop.throwIfAborted()).toThrow('disposed');
  });

  it('onAbort(listener) on a stopped Stop runs it at once; the function it returns removes a listener', () => {
    const stop = new Stop();
    const log: string[] = [];
    const remove = stop.onAbort(() => log.push('removed'));
    stop.onAbort(() => log.push('kept'));
    remove();
    stop.abort(new Error('stopped'));
    expect(log).toEqual(['kept']);
    stop.onAbort(() => log.push('late'));
    expect(log).toEqual(['kept', 'late']);
  });
});
