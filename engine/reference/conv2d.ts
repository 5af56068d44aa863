// The exact reference for conv2d (and any HWIO filter): one float32
// accumulator per output, fed in TensorFlow.js's CPU order -- filter row,
// filter column, input channel -- and rounded to float32 after every
// multiply-add: acc = fround(acc + x * w), where the product of two float32
// values is exact in double. That is precisely what tfjs-backend-cpu's
// `y[i] += x * w` on a Float32Array computes. Padding taps are skipped, never multiplied by
// zero, so an infinite input next to the border does not turn into NaN.
import type { ConvInfo } from '../conv-info.js';
import type { Activation } from '../activations.js';
import { layout } from './layout.js';
import { epilogue } from './epilogue.js';

/**
 * out = activation(conv2d(x, filter) + bias). `x` and `out` are laid out in
 * `info.dataFormat`; `filter` is HWIO [filterHeight, filterWidth, inChannels,
 * outChannels]; `bias` has outChannels values or is null.
 */
export function conv2dReference(
  info: ConvInfo, x: Float32Array, filter: Float32Array, out: Float32Array,
  bias: Float32Array | null = null, activation: Activation = 'linear',
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const xs = layout(info.dataFormat, inHeight, inWidth, inChannels);
  const ys = layout(info.dataFormat, outHeight, outWidth, outChannels);
  const finish = epilogue(bias, activation);
  const filterRow = filterWidth * inChannels * outChannels;
  const filterCol = inChannels * outChannels;
  for (let b = 0; b < info.batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const iy0 = oy * info.strideHeight - info.padTop;
      for (let ox = 0; ox < outWidth; ox++) {
        const ix0 = ox * info.strideWidth - info.padLeft;
        // The output pixel's channels are the accumulators: a Float32Array
        // store rounds each step to float32, and the filter is read along its
        // contiguous output-channel axis, as tfjs-backend-cpu reads it.
        const yo = b * ys.batch + oy * ys.row + ox * ys.col;
        for (let co = 0; co < outChannels; co++) out[yo + co * ys.channel] = 0;
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = iy0 + fy * info.dilationHeight;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ix0 + fx * info.dilationWidth;
            if (ix < 0 || ix >= inWidth) continue;
            const xo = b * xs.batch + iy * xs.row + ix * xs.col;
            const wo = fy * filterRow + fx * filterCol;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = x[xo + ci * xs.channel];
              const w = wo + ci * outChannels;
              for (let co = 0; co < outChannels; co++) out[yo + co * ys.channel] += xv * filter[w + co];
            }
          }
        }
        for (let co = 0; co < outChannels; co++) out[yo + co * ys.channel] = finish(out[yo + co * ys.channel], co);
      }
    }
  }
}
