// The benchmark's layer suite: MobileNet-v1 layers, the whole MobileNet-v1
// body, and small odd-sized cases that check every runner computes the same
// convolution. Pure data and shape maths; every runner builds its tensors from
// these records (weights in TensorFlow's layouts, seeded by layer name).
import { randomArray } from './random.js';

export type StageOp = 'conv2d' | 'depthwiseConv2d' | 'pointwiseConv2d';

/** One convolution of a layer, in NHWC terms, SAME padding. */
export interface Stage {
  op: StageOp;
  kernel: number;
  stride: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  /** conv2d/pointwise filters, or inChannels * multiplier for depthwise. */
  outChannels: number;
  multiplier: number;
  outHeight: number;
  outWidth: number;
  /** TensorFlow SAME: the odd pixel of padding goes at the bottom/right. */
  pads: { top: number; bottom: number; left: number; right: number };
  /** Filter shape in TensorFlow's layout: HWIO, or [kh, kw, in, M] for depthwise. */
  filterShape: [number, number, number, number];
  macs: number;
}

export type LayerKind = 'conv2d' | 'depthwise' | 'pointwise' | 'separable' | 'network';

export interface Layer {
  id: string;
  title: string;
  kind: LayerKind;
  inputShape: [number, number, number, number];
  outputShape: [number, number, number, number];
  stages: Stage[];
  macs: number;
}

function samePads(size: number, kernel: number, stride: number): [number, number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [out, before, total - before];
}

function stage(op: StageOp, kernel: number, stride: number, [h, w, c]: [number, number, number], outOrMultiplier: number): Stage {
  const [outHeight, top, bottom] = samePads(h, kernel, stride);
  const [outWidth, left, right] = samePads(w, kernel, stride);
  const multiplier = op === 'depthwiseConv2d' ? outOrMultiplier : 1;
  const outChannels = op === 'depthwiseConv2d' ? c * multiplier : outOrMultiplier;
  // MACs per output element: the filter window over the input channels it sees.
  const perOutput = kernel * kernel * (op === 'depthwiseConv2d' ? 1 : c);
  return {
    op, kernel, stride, inHeight: h, inWidth: w, inChannels: c, outChannels, multiplier, outHeight, outWidth,
    pads: { top, bottom, left, right },
    filterShape: [kernel, kernel, c, op === 'depthwiseConv2d' ? multiplier : outChannels],
    macs: outHeight * outWidth * outChannels * perOutput,
  };
}

function layer(id: string, title: string, kind: LayerKind, input: [number, number, number], specs: [StageOp, number, number, number][]): Layer {
  const stages: Stage[] = [];
  let shape = input;
  for (const [op, kernel, stride, out] of specs) {
    const s = stage(op, kernel, stride, shape, out);
    stages.push(s);
    shape = [s.outHeight, s.outWidth, s.outChannels];
  }
  return {
    id, title, kind, stages,
    inputShape: [1, ...input],
    outputShape: [1, ...shape],
    macs: stages.reduce((sum, s) => sum + s.macs, 0),
  };
}

/** MobileNet-v1 (alpha 1, 224x224): the stem conv, then 13 depthwise-separable blocks. */
const MOBILENET_BLOCKS: [stride: number, outChannels: number][] = [
  [1, 64], [2, 128], [1, 128], [2, 256], [1, 256], [2, 512],
  [1, 512], [1, 512], [1, 512], [1, 512], [1, 512], [2, 1024], [1, 1024],
];

function mobilenetBody(): Layer {
  const specs: [StageOp, number, number, number][] = [['conv2d', 3, 2, 32]];
  for (const [stride, out] of MOBILENET_BLOCKS) specs.push(['depthwiseConv2d', 3, stride, 1], ['pointwiseConv2d', 1, 1, out]);
  return layer('mobilenet', 'MobileNet-v1 body (27 convs)', 'network', [224, 224, 3], specs);
}

export const LAYERS: readonly Layer[] = [
  layer('conv224', 'conv2d 3x3 s2 224x224x3→32', 'conv2d', [224, 224, 3], [['conv2d', 3, 2, 32]]),
  layer('dw112', 'depthwise 3x3 112x112x32', 'depthwise', [112, 112, 32], [['depthwiseConv2d', 3, 1, 1]]),
  layer('pw112', 'pointwise 112x112x32→64', 'pointwise', [112, 112, 32], [['pointwiseConv2d', 1, 1, 64]]),
  layer('dw112s2', 'depthwise 3x3 s2 112x112x64', 'depthwise', [112, 112, 64], [['depthwiseConv2d', 3, 2, 1]]),
  layer('pw56', 'pointwise 56x56x128→128', 'pointwise', [56, 56, 128], [['pointwiseConv2d', 1, 1, 128]]),
  layer('dw14', 'depthwise 3x3 14x14x512', 'depthwise', [14, 14, 512], [['depthwiseConv2d', 3, 1, 1]]),
  layer('pw14', 'pointwise 14x14x512→512', 'pointwise', [14, 14, 512], [['pointwiseConv2d', 1, 1, 512]]),
  layer('sep56', 'separable 3x3 56x56x128→128', 'separable', [56, 56, 128], [['depthwiseConv2d', 3, 1, 1], ['pointwiseConv2d', 1, 1, 128]]),
  layer('conv56', 'conv2d 3x3 56x56x128→128', 'conv2d', [56, 56, 128], [['conv2d', 3, 1, 128]]),
  layer('dwm2', 'depthwise 3x3 M=2 56x56x64', 'depthwise', [56, 56, 64], [['depthwiseConv2d', 3, 1, 2]]),
  mobilenetBody(),
];

/**
 * Small odd-sized cases (odd SAME pads, strides, a multiplier, channel counts
 * that are not multiples of 4) on which every runner's output is compared.
 */
export const CHECK_LAYERS: readonly Layer[] = [
  layer('check-conv', 'conv2d 3x3 s2 9x9x3→5', 'conv2d', [9, 9, 3], [['conv2d', 3, 2, 5]]),
  layer('check-dw', 'depthwise 3x3 s2 M=2 7x8x5', 'depthwise', [7, 8, 5], [['depthwiseConv2d', 3, 2, 2]]),
  layer('check-pw', 'pointwise 5x6x7→9', 'pointwise', [5, 6, 7], [['pointwiseConv2d', 1, 1, 9]]),
  layer('check-sep', 'separable 3x3 6x5x6→7', 'separable', [6, 5, 6], [['depthwiseConv2d', 3, 1, 1], ['pointwiseConv2d', 1, 1, 7]]),
  layer('check-chain', 'conv → depthwise s2 → pointwise 10x10x3', 'network', [10, 10, 3],
    [['conv2d', 3, 2, 8], ['depthwiseConv2d', 3, 2, 1], ['pointwiseConv2d', 1, 1, 6]]),
];

export function findLayer(id: string): Layer {
  const found = [...LAYERS, ...CHECK_LAYERS].find((l) => l.id === id);
  if (!found) throw new Error(`bench: unknown layer ${JSON.stringify(id)}; known: ${LAYERS.map((l) => l.id).join(', ')}`);
  return found;
}

/** The tensors of a layer, as plain arrays in TensorFlow's layouts (NHWC input, HWIO/HWCM filters). */
export interface LayerData {
  input: Float32Array;
  filters: Float32Array[];
}

export function layerData(layer: Layer): LayerData {
  const [, h, w, c] = layer.inputShape;
  return {
    input: randomArray(`${layer.id}/x`, h * w * c),
    filters: layer.stages.map((s, i) => {
      const [kh, kw, ci, co] = s.filterShape;
      const fanIn = kh * kw * (s.op === 'depthwiseConv2d' ? 1 : ci);
      return randomArray(`${layer.id}/w${i}`, kh * kw * ci * co, fanIn);
    }),
  };
}

/** HWIO (or [kh, kw, C, M]) to ONNX's OIHW (or [C*M, 1, kh, kw], channel c*M+m as TensorFlow orders it). */
export function filterToOIHW(s: Stage, filter: Float32Array): { data: Float32Array; dims: [number, number, number, number] } {
  const [kh, kw, ci, co] = s.filterShape;
  const depthwise = s.op === 'depthwiseConv2d';
  const outC = depthwise ? ci * co : co;
  const inPerGroup = depthwise ? 1 : ci;
  const data = new Float32Array(filter.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          const src = ((y * kw + x) * ci + i) * co + o;
          const [oc, ic] = depthwise ? [i * co + o, 0] : [o, i];
          data[((oc * inPerGroup + ic) * kh + y) * kw + x] = filter[src];
        }
      }
    }
  }
  return { data, dims: [outC, inPerGroup, kh, kw] };
}

export function nhwcToNchw(data: Float32Array, [n, h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k];
  return out;
}

export function nchwToNhwc(data: Float32Array, [n, h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((b * h + y) * w + x) * c + k] = data[((b * c + k) * h + y) * w + x];
  return out;
}

/** MobileNet-v1's published 569M multiply-adds; the body list must agree with it. */
export const MOBILENET_MACS = 569e6;
