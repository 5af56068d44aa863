// The test oracle: TensorFlow.js on its plain-JavaScript CPU backend. Every
// engine result is checked against what these calls return. tfjs lacks NCHW
// for depthwise and separable convolutions, so those are transposed around
// the call; transposes move values without touching them.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export type OracleOp = 'conv2d' | 'depthwiseConv2d' | 'pointwiseConv2d' | 'separableConv2d';
export type OraclePadding = 'valid' | 'same' | [[number, number], [number, number]];

export interface OracleCase {
  op: OracleOp;
  x: { shape: number[]; data: Float32Array };
  /** HWIO for conv2d and pointwise (pointwise as [1, 1, in, out]); [kh, kw, in, M] for depthwise and separable. */
  filter: { shape: number[]; data: Float32Array };
  pointwiseFilter?: { shape: number[]; data: Float32Array };
  strides: [number, number];
  dilations: [number, number];
  padding: OraclePadding;
  dataFormat: 'NHWC' | 'NCHW';
  bias?: Float32Array | null;
  activation?: string;
}

let ready: Promise<void> | null = null;

/** Selects the CPU backend once; silences its one-time "install tfjs-node" banner. */
export function oracleReady(): Promise<void> {
  ready ??= (async () => {
    await tf.setBackend('cpu');
    (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  })();
  return ready;
}

type T4 = tf.Tensor4D;

/** tfjs spells explicit padding as four pairs in the data format's order. */
function tfPad(padding: OraclePadding, dataFormat: 'NHWC' | 'NCHW'): 'valid' | 'same' | [number, number][] {
  if (typeof padding === 'string') return padding;
  const [[t, b], [l, r]] = padding;
  return dataFormat === 'NHWC' ? [[0, 0], [t, b], [l, r], [0, 0]] : [[0, 0], [0, 0], [t, b], [l, r]];
}

const FUSED = new Set(['linear', 'relu', 'relu6', 'elu', 'sigmoid']);

function activate(y: tf.Tensor, activation: string): tf.Tensor {
  switch (activation) {
    case 'linear': return y;
    case 'relu': return tf.relu(y);
    case 'relu6': return tf.relu6(y);
    case 'elu': return tf.elu(y);
    case 'selu': return tf.selu(y);
    case 'sigmoid': return tf.sigmoid(y);
    case 'tanh': return tf.tanh(y);
    case 'softplus': return tf.softplus(y);
    case 'softsign': return tf.div(y, tf.add(tf.scalar(1), tf.abs(y)));
    case 'swish': return tf.mul(y, tf.sigmoid(y));
    case 'gelu': return tf.mul(tf.mul(tf.scalar(0.5), y), tf.add(tf.scalar(1), tf.erf(tf.div(y, tf.scalar(Math.SQRT2)))));
    default: throw new Error(`oracle: no activation ${activation}`);
  }
}

const toNHWC = (t: T4): T4 => tf.transpose(t, [0, 2, 3, 1]);
const toNCHW = (t: T4): T4 => tf.transpose(t, [0, 3, 1, 2]);

/** Runs one case on tfjs-backend-cpu; call `await oracleReady()` first. */
export function oracle(c: OracleCase): { shape: number[]; data: Float32Array } {
  return tf.tidy(() => {
    const activation = c.activation ?? 'linear';
    const x = tf.tensor4d(c.x.data, c.x.shape as [number, number, number, number]);
    const filter = tf.tensor4d(c.filter.data, c.filter.shape as [number, number, number, number]);
    const bias = c.bias ? tf.tensor1d(c.bias) : undefined;
    const fusable = FUSED.has(activation);
    let y: tf.Tensor;
    if (c.op === 'conv2d' || c.op === 'pointwiseConv2d') {
      // tfjs's conv2d takes NCHW natively; its fused form adds the bias per channel.
      y = tf.fused.conv2d({
        x, filter, strides: c.strides, pad: tfPad(c.padding, c.dataFormat) as 'valid', dataFormat: c.dataFormat,
        dilations: c.dilations, bias, activation: fusable ? (activation as tf.fused.Activation) : 'linear',
      });
      if (!fusable) y = activate(y, activation);
      return { shape: y.shape, data: y.dataSync() as Float32Array };
    }
    const xs = c.dataFormat === 'NCHW' ? toNHWC(x) : x;
    if (c.op === 'depthwiseConv2d') {
      y = tf.fused.depthwiseConv2d({
        x: xs, filter, strides: c.strides, pad: tfPad(c.padding, 'NHWC') as 'valid', dataFormat: 'NHWC',
        dilations: c.dilations, bias, activation: fusable ? (activation as tf.fused.Activation) : 'linear',
      });
      if (!fusable) y = activate(y, activation);
    } else {
      const pw = tf.tensor4d(c.pointwiseFilter!.data, c.pointwiseFilter!.shape as [number, number, number, number]);
      if (typeof c.padding === 'string') {
        y = tf.separableConv2d(xs, filter, pw, c.strides, c.padding, c.dilations, 'NHWC');
      } else {
        // tf.separableConv2d takes no explicit padding; it is this composition.
        const dw = tf.depthwiseConv2d(xs, filter, c.strides, tfPad(c.padding, 'NHWC') as 'valid', 'NHWC', c.dilations);
        y = tf.conv2d(dw, pw, 1, 'valid', 'NHWC');
      }
      if (bias) y = tf.add(y, bias);
      y = activate(y, activation);
    }
    if (c.dataFormat === 'NCHW') y = toNCHW(y as T4);
    return { shape: y.shape, data: y.dataSync() as Float32Array };
  });
}
