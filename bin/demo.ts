// `kernelbook demo` (and `npm start` until the desktop app lands): the seed's
// depthwise example, computed by the engine.
import { tensor, computeConvInfo } from '../engine/index.js';

export async function demo(): Promise<number> {
  const x = tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]);
  const k = tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]);
  const info = computeConvInfo('depthwiseConv2d', x.shape, k.shape, { strides: 1, padding: 'valid' });
  process.stdout.write(`depthwiseConv2d x ${JSON.stringify(x.shape)} k ${JSON.stringify(k.shape)} -> ${JSON.stringify(info.outShape)}\n`);
  return 0;
}
