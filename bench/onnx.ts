// Tiny ONNX models for the benchmark, written by hand: ONNX Runtime only runs
// models, and a per-layer model is a few hundred bytes of protobuf. This is a
// writer for the handful of messages a Conv graph needs (field numbers from
// onnx/onnx.proto), not a general protobuf library.

/** Protobuf wire format: varints, length-delimited fields, nothing else needed. */
class ProtoWriter {
  private bytes: number[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  private tag(field: number, wireType: 0 | 2): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  /** Repeated scalars unpacked: proto2's default, which every parser accepts. */
  ints(field: number, values: readonly number[]): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  raw(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(data.length);
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]);
    return this;
  }

  string(field: number, value: string): this {
    return this.raw(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.raw(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType
const ATTR_INTS = 7;

export interface OnnxInitializer {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Integer and integer-list attributes: all a Conv needs. */
  attributes?: Record<string, number | readonly number[]>;
}

export interface OnnxGraph {
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxInitializer[];
  inputs: readonly { name: string; dims: readonly number[] }[];
  outputs: readonly { name: string; dims: readonly number[] }[];
  opset?: number;
}

function valueInfo(w: ProtoWriter, name: string, dims: readonly number[]): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => dim.int(1, d));
      })));
}

/** Serialises a ModelProto (IR version 8, default-domain opset 13 unless given). */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version
  w.string(2, 'kernelbook-bench'); // producer_name
  w.message(7, (g) => {
    graph.nodes.forEach((node, i) => {
      g.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `${node.opType.toLowerCase()}_${i}`);
        n.string(4, node.opType);
        for (const [name, value] of Object.entries(node.attributes ?? {})) {
          n.message(5, (a) => {
            a.string(1, name);
            if (typeof value === 'number') a.int(3, value).int(20, ATTR_INT);
            else a.ints(8, value).int(20, ATTR_INTS);
          });
        }
      });
    });
    g.string(2, 'bench');
    for (const init of graph.initializers) {
      g.message(5, (t) => {
        t.ints(1, init.dims).int(2, FLOAT).string(8, init.name);
        // raw_data is little-endian float32, which is what every host running Node is.
        t.raw(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
      });
    }
    for (const input of graph.inputs) g.message(11, (v) => valueInfo(v, input.name, input.dims));
    for (const output of graph.outputs) g.message(12, (v) => valueInfo(v, output.name, output.dims));
  });
  w.message(8, (o) => o.string(1, '').int(2, graph.opset ?? 13)); // opset_import
  return w.finish();
}

/** One convolution stage in NCHW, ONNX's Conv layout. */
export interface OnnxConv {
  /** Filter [outC, inC / group, kh, kw] (OIHW). */
  weights: Float32Array;
  weightDims: readonly [number, number, number, number];
  group: number;
  strides: readonly [number, number];
  dilations: readonly [number, number];
  /** ONNX order: [top, left, bottom, right]. */
  pads: readonly [number, number, number, number];
}

/**
 * A chain of Conv nodes from input `x` [1, C, H, W] to output `y`: one node for
 * a layer, two for a separable layer, 27 for the MobileNet body.
 */
export function convChainModel(inputDims: readonly number[], outputDims: readonly number[], convs: readonly OnnxConv[]): Uint8Array {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  convs.forEach((conv, i) => {
    const input = i === 0 ? 'x' : `t${i}`;
    const output = i === convs.length - 1 ? 'y' : `t${i + 1}`;
    initializers.push({ name: `w${i}`, dims: conv.weightDims, data: conv.weights });
    nodes.push({
      opType: 'Conv',
      inputs: [input, `w${i}`],
      outputs: [output],
      attributes: {
        group: conv.group,
        kernel_shape: [conv.weightDims[2], conv.weightDims[3]],
        strides: conv.strides,
        dilations: conv.dilations,
        pads: conv.pads,
      },
    });
  });
  return encodeModel({
    nodes,
    initializers,
    inputs: [{ name: 'x', dims: inputDims }],
    outputs: [{ name: 'y', dims: outputDims }],
  });
}
