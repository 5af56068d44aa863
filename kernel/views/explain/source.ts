// What an exported page needs to explain a feature map's values with no
// kernel behind it: the call (input, filters, options) and the result, as JSON
// with each tensor's float32 bytes in base64, carried in the map's SVG as
// <metadata class="kb-explain">. Exact: the bytes are the values.
import type { ConvOptions } from '../../../engine/conv-info.js';
import { base64 } from '../base64.js';
import { prepareCall, type OpCall } from './call.js';
import type { Language } from './words.js';

/** A result and the one op call that made it. */
export interface ExplainSource {
  call: OpCall;
  y: { shape: readonly number[]; data: Float32Array };
}

/** How the feature maps read the tensor, so a clicked pixel maps back to an index of y. */
export interface MapGeometry {
  batch: number;
  dataFormat: 'NHWC' | 'NCHW';
  /** The words of the explanations: 'en' or 'zh-CN'. */
  language?: Language;
}

interface EncodedTensor { shape: number[]; data: string }

interface Encoded {
  version: 1;
  geometry: MapGeometry;
  op: OpCall['op'];
  x: EncodedTensor;
  filter?: EncodedTensor;
  depthwiseFilter?: EncodedTensor;
  pointwiseFilter?: EncodedTensor;
  options: Omit<ConvOptions, 'bias'> & { bias: EncodedTensor | null };
  y: EncodedTensor;
}

/** Past this many values in all (input, filters, result), a page does not carry them. */
export const MAX_EMBEDDED_VALUES = 1_500_000;

/** How many values a page would carry for this source (input, filters, result): cheap, nothing is encoded. */
export function embeddedValueCount(source: ExplainSource): number {
  const call = source.call as OpCall & { filter?: { data: ArrayLike<number> }; depthwiseFilter?: { data: ArrayLike<number> }; pointwiseFilter?: { data: ArrayLike<number> } };
  const filters = call.op === 'separableConv2d' ? [call.depthwiseFilter, call.pointwiseFilter] : [call.filter];
  return (call.x?.data?.length ?? 0) + source.y.data.length + filters.reduce((n, t) => n + (t?.data?.length ?? 0), 0);
}

/** The source as JSON for <metadata>, or null when it is too big to carry. */
export function encodeSource(source: ExplainSource, geometry: MapGeometry): string | null {
  const prepared = prepareCall(source.call);
  const tensors = prepared.op === 'separableConv2d'
    ? { depthwiseFilter: prepared.depthwiseFilter, pointwiseFilter: prepared.pointwiseFilter }
    : { filter: prepared.filter };
  const count = prepared.x.data.length + source.y.data.length + Object.values(tensors).reduce((n, t) => n + t.data.length, 0);
  if (count > MAX_EMBEDDED_VALUES) return null;
  const { strides, padding, dilations, dataFormat, activation } = source.call.options ?? {};
  const encoded: Encoded = {
    version: 1,
    geometry,
    op: prepared.op,
    x: encodeTensor(prepared.x),
    ...Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, encodeTensor(t)])),
    options: { strides, padding, dilations, dataFormat, activation, bias: prepared.bias ? encodeTensor({ shape: [prepared.bias.length], data: prepared.bias }) : null },
    y: encodeTensor(source.y),
  };
  // "<" never appears in JSON numbers or base64, but a string option could carry one.
  return JSON.stringify(encoded).replace(/</g, '\\u003c');
}

export function decodeSource(json: string): { source: ExplainSource; geometry: MapGeometry } {
  const e = JSON.parse(json) as Encoded;
  if (e.version !== 1) throw new Error(`explain: an explanation source of version ${String(e.version)}; this page reads version 1`);
  const options: ConvOptions = { ...e.options, bias: e.options.bias ? decodeTensor(e.options.bias).data : null };
  const x = decodeTensor(e.x);
  const call: OpCall = e.op === 'separableConv2d'
    ? { op: e.op, x, depthwiseFilter: decodeTensor(e.depthwiseFilter!), pointwiseFilter: decodeTensor(e.pointwiseFilter!), options }
    : { op: e.op, x, filter: decodeTensor(e.filter!), options };
  return { source: { call, y: decodeTensor(e.y) }, geometry: e.geometry };
}

function encodeTensor(t: { shape: readonly number[]; data: ArrayLike<number> }): EncodedTensor {
  const values = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
  // Float32Array bytes are little-endian on every platform a page runs on.
  return { shape: [...t.shape], data: base64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) };
}

function decodeTensor(t: EncodedTensor): { shape: number[]; data: Float32Array } {
  const binary = atob(t.data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { shape: t.shape, data: new Float32Array(bytes.buffer) };
}
