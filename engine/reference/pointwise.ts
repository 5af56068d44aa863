// The exact reference for a 1x1 convolution: each output pixel mixes the
// input pixel's channels in channel order, rounding to float32 after every
// multiply-add. Strides and explicit padding still apply (a padded pixel
// sums nothing, so it is the bias alone).
import type { ConvInfo } from '../conv-info.js';
import type { Activation } from '../activations.js';
import { layout } from './layout.js';
import { epilogue } from './epilogue.js';

/**
 * out = activation(pointwiseConv2d(x, filter) + bias). `x` and `out` are laid
 * out in `info.dataFormat`; `filter` is [1, 1, inChannels, outChannels] (the
 * same memory as [inChannels, outChannels]).
 */
export function pointwiseReference(
  info: ConvInfo, x: Float32Array, filter: Float32Array, out: Float32Array,
  bias: Float32Array | null = null, activation: Activation = 'linear',
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const xs = layout(info.dataFormat, inHeight, inWidth, inChannels);
  const ys = layout(info.dataFormat, outHeight, outWidth, outChannels);
  const finish = epilogue(bias, activation);
  for (let b = 0; b < info.batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const iy = oy * info.strideHeight - info.padTop;
      const rowInside = iy >= 0 && iy < inHeight;
      for (let ox = 0; ox < outWidth; ox++) {
        const ix = ox * info.strideWidth - info.padLeft;
        const inside = rowInside && ix >= 0 && ix < inWidth;
        const xo = b * xs.batch + iy * xs.row + ix * xs.col;
        const yo = b * ys.batch + oy * ys.row + ox * ys.col;
        // The output channels accumulate in place (each store rounds to
        // float32), reading the filter along its contiguous output axis.
        for (let co = 0; co < outChannels; co++) out[yo + co * ys.channel] = 0;
        if (inside) {
          for (let ci = 0; ci < inChannels; ci++) {
            const xv = x[xo + ci * xs.channel];
            const w = ci * outChannels;
            for (let co = 0; co < outChannels; co++) out[yo + co * ys.channel] += xv * filter[w + co];
          }
        }
        for (let co = 0; co < outChannels; co++) out[yo + co * ys.channel] = finish(out[yo + co * ys.channel], co);
      }
    }
  }
}
