// Element strides of a 4-D activation tensor in either data format, so one
// loop nest serves NHWC and NCHW without transposing.
import type { DataFormat } from '../conv-info.js';

export interface Layout {
  batch: number;
  row: number;
  col: number;
  channel: number;
}

export function layout(dataFormat: DataFormat, height: number, width: number, channels: number): Layout {
  const batch = height * width * channels;
  return dataFormat === 'NHWC'
    ? { batch, row: width * channels, col: channels, channel: 1 }
    : { batch, row: width, col: 1, channel: height * width };
}
