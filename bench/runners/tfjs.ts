// TensorFlow.js peers: the wasm backend (XNNPACK, SIMD, one thread: its
// threaded build needs Web Workers, which Node does not have) and the plain
// JavaScript cpu backend. Each runs in its own process with one backend set.
import { dirname, join } from 'node:path';
import type { Layer } from '../layers.js';
import { layerData } from '../layers.js';
import { peerPackages } from '../peer-packages.js';
import type { Runner } from './runner.js';

// tfjs-core's types resolve from bench/node_modules or, before it is installed,
// from the app's copy (the tests' oracle, the same version); of the wasm
// backend the benchmark needs one call, declared here.
type Tfjs = typeof import('@tensorflow/tfjs-core');
interface TfjsWasm { setWasmPaths(prefix: string): void }

export async function createTfjsRunner(backend: 'wasm' | 'cpu'): Promise<Runner> {
  // All three from bench/node_modules: a backend registers itself with the
  // tfjs-core it resolves, which must be the copy the runner calls.
  const packages = await peerPackages();
  const tf = packages.requirePeer('@tensorflow/tfjs-core') as Tfjs;
  packages.requirePeer('@tensorflow/tfjs-backend-cpu');
  let note = 'tfjs-backend-cpu (JavaScript)';
  if (backend === 'wasm') {
    const wasm = packages.requirePeer('@tensorflow/tfjs-backend-wasm') as TfjsWasm;
    // Offline: the .wasm files come from node_modules, by file path.
    const dist = dirname(packages.requireResolvePeer('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    wasm.setWasmPaths(join(dist, '/'));
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    note = 'tfjs-backend-wasm (XNNPACK, SIMD, 1 thread)';
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  await tf.ready();
  if (backend === 'wasm' && !tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) note += ' — without SIMD';

  return {
    threads: 1,
    note,
    async prepare(layer: Layer) {
      const data = layerData(layer);
      const x = tf.tensor4d(data.input, layer.inputShape);
      const filters = layer.stages.map((s, i) => tf.tensor4d(data.filters[i], s.filterShape));
      const forward = () => tf.tidy(() => {
        if (layer.kind === 'separable') {
          const s = layer.stages[0].stride;
          return tf.separableConv2d(x, filters[0], filters[1], [s, s], 'same');
        }
        let y: import('@tensorflow/tfjs-core').Tensor4D = x;
        layer.stages.forEach((s, i) => {
          y = s.op === 'depthwiseConv2d'
            ? tf.depthwiseConv2d(y, filters[i], s.stride, 'same')
            : tf.conv2d(y, filters[i], s.stride, 'same');
        });
        return y;
      });
      const read = () => {
        const y = forward();
        const out = y.dataSync() as Float32Array;
        y.dispose();
        return out;
      };
      return {
        async run() { read(); },
        async output() { return Float32Array.from(read()); },
        dispose() { x.dispose(); filters.forEach((f) => f.dispose()); },
      };
    },
    async close() {},
  };
}
