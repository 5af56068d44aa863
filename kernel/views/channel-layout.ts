// Where the channels of one batch item sit in a tensor's data, whatever the
// data format, read in place: the pictures of an NHWC tensor and its NCHW
// transpose are the same planes.
import type { Tensor } from '../../engine/tensor.js';
import { checkInteger, formatValue, invalidArgument, shapeString } from '../../engine/errors.js';
import { normalizeDataFormat, type DataFormat } from '../../engine/conv-info.js';

export interface PlaneOptions {
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  batch?: number;
  channels?: readonly number[] | 'all';
}

/**
 * Where each channel's values sit in the tensor's data, without copying them:
 * the value of channel `c` at pixel `p` (row-major) is
 * `data[first(c) + p * pixelStride]`.
 */
export interface ChannelLayout {
  height: number;
  width: number;
  /** Channels in the tensor (not only the ones picked). */
  channelCount: number;
  /** The picked channels' indices in the tensor, in order. */
  channels: number[];
  data: Float32Array;
  first(channel: number): number;
  pixelStride: number;
}

/**
 * Rank 4 is [N,H,W,C] (NHWC) or [N,C,H,W] (NCHW); rank 3 drops the batch;
 * rank 2 is a single [H,W] map.
 */
export function channelLayout(op: string, tensor: Tensor, options: PlaneOptions = {}): ChannelLayout {
  if (!tensor || !Array.isArray(tensor.shape) || !(tensor.data instanceof Float32Array)) {
    throw invalidArgument(op, 'tensor', `expected a Tensor, got ${tensor === null ? 'null' : typeof tensor}`);
  }
  const shape = tensor.shape;
  if (shape.length < 2 || shape.length > 4) {
    throw invalidArgument(op, 'tensor', `expected rank 2 [H,W], 3 or 4 (with batch), got shape ${shapeString(shape)}`);
  }
  const dataFormat = normalizeDataFormat(op, options.dataFormat);
  const [n, rest] = shape.length === 4 ? [shape[0], shape.slice(1)] : [1, shape];
  const [h, w, c] = rest.length === 2 ? [rest[0], rest[1], 1] : dataFormat === 'NHWC' ? [rest[0], rest[1], rest[2]] : [rest[1], rest[2], rest[0]];
  const batch = checkInteger(op, 'batch', options.batch ?? 0, 0);
  if (batch >= n) throw invalidArgument(op, 'batch', `${batch} is out of range for shape ${shapeString(shape)} (batch size ${n})`);
  const base = batch * h * w * c;
  const planar = dataFormat === 'NCHW' || c === 1;
  return {
    height: h,
    width: w,
    channelCount: c,
    channels: pickChannels(op, options.channels ?? 'all', c),
    data: tensor.data,
    first: planar ? (channel) => base + channel * h * w : (channel) => base + channel,
    pixelStride: planar ? 1 : c,
  };
}

/**
 * [min, max] of the finite values of these channels, or [0, 0] when there are
 * none; read in place, in one pass over the data when every channel of an
 * NHWC item is picked.
 */
export function layoutExtent(layout: ChannelLayout, channels: readonly number[] = layout.channels): [number, number] {
  const { data, pixelStride, channelCount } = layout;
  const pixels = layout.height * layout.width;
  const all = channels.length === channelCount && pixelStride === channelCount && channels.every((c, i) => c === i);
  const ranges: [number, number, number][] = all
    ? [[layout.first(0), layout.first(0) + pixels * channelCount, 1]]
    : channels.map((c) => [layout.first(c), layout.first(c) + pixels * pixelStride, pixelStride]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const [start, end, step] of ranges) {
    for (let i = start; i < end; i += step) {
      const v = data[i];
      if (v < lo && v !== -Infinity) lo = v;
      if (v > hi && v !== Infinity) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

function pickChannels(op: string, channels: unknown, count: number): number[] {
  if (channels === 'all') return Array.from({ length: count }, (_, i) => i);
  if (!Array.isArray(channels) || channels.length === 0) {
    throw invalidArgument(op, 'channels', `expected 'all' or a non-empty array of channel indices, got ${formatValue(channels)}`);
  }
  for (const c of channels) {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= count) {
      throw invalidArgument(op, 'channels', `${formatValue(c)} is not a channel index; the tensor has ${count} channel${count === 1 ? '' : 's'} (0..${count - 1})`);
    }
  }
  return channels as number[];
}
