// Kernelbook: the fast engine (createEngine) when it exists, or the
// synchronous reference ops as "kernelbook-ref". Loaded from the built
// engine at run time, so the harness runs before either has landed.
import type { Layer, Stage } from '../layers.js';
import { layerData } from '../layers.js';
import type { Runner } from './runner.js';

interface TensorLike { shape: readonly number[]; data: Float32Array }
type Op = (...args: unknown[]) => TensorLike | Promise<TensorLike>;
interface Ops {
  conv2d: Op;
  depthwiseConv2d: Op;
  pointwiseConv2d: Op;
  separableConv2d: Op;
  chain?: Op;
}
interface EngineModule extends Partial<Ops> {
  tensor(values: ArrayLike<number>, shape: readonly number[]): TensorLike;
  cost?: (op: string, spec: { input: readonly number[]; filter: readonly number[]; strides: number; padding: string }) => { macs: number };
  createEngine?: (options: { threads?: number }) => Promise<Ops & {
    threads: number;
    simd?: string;
    reason?: string | null;
    dispose(): void | Promise<void>;
  }>;
}

export async function loadEngineModule(): Promise<EngineModule> {
  return (await import('../../engine/index.js')) as unknown as EngineModule;
}

/** What the built engine offers today: the fast engine, the reference ops, or neither. */
export async function engineAvailability(): Promise<{ engine: boolean; ref: boolean }> {
  const mod = await loadEngineModule();
  return { engine: typeof mod.createEngine === 'function', ref: typeof mod.conv2d === 'function' };
}

export async function createKernelbookRunner(mode: 'engine' | 'ref', threads: number): Promise<Runner> {
  const mod = await loadEngineModule();
  let ops: Ops;
  let actualThreads = 1;
  let close = async () => {};
  let note = 'synchronous reference ops (createEngine not exported yet)';
  if (mode === 'engine') {
    if (typeof mod.createEngine !== 'function') throw new Error('kernelbook/engine does not export createEngine yet');
    const engine = await mod.createEngine({ threads });
    ops = engine;
    actualThreads = engine.threads;
    note = `createEngine: ${engine.threads} thread${engine.threads === 1 ? '' : 's'}${engine.simd ? `, ${engine.simd} SIMD` : ''}${engine.reason ? ` (${engine.reason})` : ''}`;
    close = async () => { await engine.dispose(); };
  } else {
    if (typeof mod.conv2d !== 'function') throw new Error('kernelbook/engine does not export the reference ops yet');
    ops = mod as Ops;
  }

  const stageCall = (s: Stage, x: TensorLike, f: TensorLike) =>
    ops[s.op](x, f, { strides: s.stride, padding: 'same' });

  return {
    threads: actualThreads,
    note,
    async prepare(layer: Layer) {
      const data = layerData(layer);
      const x = mod.tensor(data.input, layer.inputShape);
      const filters = layer.stages.map((s, i) => mod.tensor(data.filters[i], s.filterShape));
      const forward = async (): Promise<TensorLike> => {
        if (layer.kind === 'separable') {
          return ops.separableConv2d(x, filters[0], filters[1], { strides: layer.stages[0].stride, padding: 'same' });
        }
        // A whole network runs as one chain where the engine has it, as ONNX
        // Runtime runs one graph and TensorFlow.js keeps tensors in its backend.
        if (layer.stages.length > 1 && ops.chain) {
          return ops.chain(x, layer.stages.map((s, i) => ({ op: s.op, filter: filters[i], strides: s.stride, padding: 'same' })));
        }
        let y = x;
        for (let i = 0; i < layer.stages.length; i++) y = await stageCall(layer.stages[i], y, filters[i]);
        return y;
      };
      return {
        async run() { await forward(); },
        // A copy: the engine may hand out views of its shared memory, which IPC cannot clone.
        async output() { return Float32Array.from((await forward()).data); },
        dispose() {},
      };
    },
    close,
  };
}
