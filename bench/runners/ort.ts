// ONNX Runtime peers: onnxruntime-web (its wasm build, run in Node) and
// onnxruntime-node (native CPU). Each layer becomes a tiny NCHW Conv model
// written by bench/onnx.ts; NCHW is ORT's native Conv layout, so inputs are
// fed as NCHW and the layout change is not part of the timed call.
import { dirname, join } from 'node:path';
import type { Layer } from '../layers.js';
import { filterToOIHW, layerData, nchwToNhwc, nhwcToNchw } from '../layers.js';
import { convChainModel } from '../onnx.js';
import { peerPackages } from '../peer-packages.js';
import type { Runner } from './runner.js';

// The part of ONNX Runtime's API (onnxruntime-common) the benchmark uses,
// declared here so bench type-checks without bench/node_modules installed.
interface OrtTensor { data: unknown; dispose?(): void }
interface Ort {
  env: { logLevel?: string; versions?: { web?: string; node?: string } };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<{
      run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
      release(): Promise<void>;
    }>;
  };
}

export function layerModel(layer: Layer, filters: Float32Array[]): Uint8Array {
  const [n, h, w, c] = layer.inputShape;
  const [, oh, ow, oc] = layer.outputShape;
  return convChainModel([n, c, h, w], [n, oc, oh, ow], layer.stages.map((s, i) => {
    const { data, dims } = filterToOIHW(s, filters[i]);
    return {
      weights: data,
      weightDims: dims,
      group: s.op === 'depthwiseConv2d' ? s.inChannels : 1,
      strides: [s.stride, s.stride] as const,
      dilations: [1, 1] as const,
      pads: [s.pads.top, s.pads.left, s.pads.bottom, s.pads.right] as const,
    };
  }));
}

export async function createOrtRunner(flavour: 'web' | 'node', threads: number): Promise<Runner> {
  const packages = await peerPackages();
  let ort: Ort;
  const options: Record<string, unknown> = { graphOptimizationLevel: 'all', executionMode: 'sequential' };
  let note: string;
  if (flavour === 'web') {
    ort = (await packages.importPeer('onnxruntime-web')) as Ort;
    ort.env.logLevel = 'error';
    const webEnv = ort.env as unknown as { wasm: { numThreads: number; wasmPaths: string; proxy: boolean } };
    webEnv.wasm.numThreads = threads;
    webEnv.wasm.proxy = false;
    // Offline: the .wasm and its loader come from node_modules.
    webEnv.wasm.wasmPaths = join(dirname(packages.resolvePeer('onnxruntime-web')), '/');
    options.executionProviders = ['wasm'];
    note = `onnxruntime-web ${ort.env.versions?.web ?? ''} wasm, numThreads=${threads}`;
  } else {
    ort = (await packages.importPeer('onnxruntime-node')) as Ort;
    ort.env.logLevel = 'error';
    options.intraOpNumThreads = threads;
    options.interOpNumThreads = 1;
    options.executionProviders = ['cpu'];
    note = `onnxruntime-node ${ort.env.versions?.node ?? ''} CPU, intraOpNumThreads=${threads}`;
  }

  return {
    threads,
    note,
    async prepare(layer: Layer) {
      const data = layerData(layer);
      const session = await ort.InferenceSession.create(layerModel(layer, data.filters), options);
      const [n, h, w, c] = layer.inputShape;
      const x = new ort.Tensor('float32', nhwcToNchw(data.input, layer.inputShape), [n, c, h, w]);
      const forward = async () => {
        const result = await session.run({ x });
        const y = result.y;
        const out = y.data as Float32Array;
        y.dispose?.();
        return out;
      };
      return {
        async run() { await forward(); },
        async output() { return nchwToNhwc(await forward(), layer.outputShape); },
        dispose() { void session.release(); },
      };
    },
    async close() {},
  };
}
