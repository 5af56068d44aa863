// The exact reference for depthwise convolution: input channel c with
// multiplier m feeds output channel c * M + m, summed over the filter window
// only (never across channels), row by row then column by column, rounding to
// float32 after each multiply-add as tfjs-backend-cpu does.
import type { ConvInfo } from '../conv-info.js';
import type { Activation } from '../activations.js';
import { layout } from './layout.js';
import { epilogue } from './epilogue.js';

/**
 * out = activation(depthwiseConv2d(x, filter) + bias). `x` and `out` are laid
 * out in `info.dataFormat`; `filter` is [filterHeight, filterWidth,
 * inChannels, depthMultiplier]; `bias` has inChannels * depthMultiplier values
 * or is null.
 */
export function depthwiseReference(
  info: ConvInfo, x: Float32Array, filter: Float32Array, out: Float32Array,
  bias: Float32Array | null = null, activation: Activation = 'linear',
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, depthMultiplier } = info;
  const xs = layout(info.dataFormat, inHeight, inWidth, inChannels);
  const ys = layout(info.dataFormat, outHeight, outWidth, outChannels);
  const finish = epilogue(bias, activation);
  const filterRow = filterWidth * outChannels;
  for (let b = 0; b < info.batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const iy0 = oy * info.strideHeight - info.padTop;
      for (let ox = 0; ox < outWidth; ox++) {
        const ix0 = ox * info.strideWidth - info.padLeft;
        for (let c = 0; c < inChannels; c++) {
          const xc = b * xs.batch + c * xs.channel;
          for (let m = 0; m < depthMultiplier; m++) {
            const co = c * depthMultiplier + m;
            let acc = 0;
            for (let fy = 0; fy < filterHeight; fy++) {
              const iy = iy0 + fy * info.dilationHeight;
              if (iy < 0 || iy >= inHeight) continue;
              for (let fx = 0; fx < filterWidth; fx++) {
                const ix = ix0 + fx * info.dilationWidth;
                if (ix < 0 || ix >= inWidth) continue;
                acc = Math.fround(acc + x[xc + iy * xs.row + ix * xs.col] * filter[fy * filterRow + fx * outChannels + co]);
              }
            }
            out[b * ys.batch + oy * ys.row + ox * ys.col + co * ys.channel] = finish(acc, co);
          }
        }
      }
    }
  }
}
