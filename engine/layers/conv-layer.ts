// What Conv2D, DepthwiseConv2D and SeparableConv2D share: options, lazily
// built weights, initializers, regularizers, constraints, shapes and cost.
// Each subclass says which weights it has and which engine op it runs.
import { conv2d, depthwiseConv2d, separableConv2d } from '../ops.js';
import type { Activation } from '../activations.js';
import { formatValue, invalidArgument, shapeString } from '../errors.js';
import { asTensor, sizeOf, Tensor } from '../tensor.js';
import { cost as engineCost } from '../cost.js';
import { getConstraint, type Constraint, type ConstraintIdentifier, FunctionConstraint } from './constraints.js';
import { withContext } from './identifier.js';
import { getInitializer, type Initializer, type InitializerIdentifier, FunctionInitializer } from './initializers.js';
import {
  readBoolean, readDataFormat, readLayerActivation, readLayerOptions, readPadding, readPair,
  type LayerDataFormat, type Padding,
} from './layer-options.js';
import { hashSeed } from './random.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier, FunctionRegularizer } from './regularizers.js';

/** The weights a conv layer may own, named as their options are (kernelInitializer, ...). */
export type WeightRole = 'kernel' | 'depthwise' | 'pointwise' | 'bias';

const WEIGHT_NAMES: Record<WeightRole, string> = {
  kernel: 'kernel', depthwise: 'depthwise_kernel', pointwise: 'pointwise_kernel', bias: 'bias',
};

/** Shape entries may be null (unknown) in build / computeOutputShape, as Keras's None. */
export type InputShape = readonly (number | null)[];

export type Identifier<T> = T | string | { className?: string; class_name?: string; config?: Record<string, unknown> } | null;

/** Options common to the three layers (their snake_case spellings are accepted too). */
export interface ConvLayerOptions {
  kernelSize?: number | [number, number];
  strides?: number | [number, number];
  padding?: 'valid' | 'same' | string;
  dataFormat?: LayerDataFormat | string;
  dilationRate?: number | [number, number];
  activation?: Activation | string | null;
  useBias?: boolean;
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  trainable?: boolean;
  name?: string;
  /** Seeds every initializer without a seed of its own; otherwise the layer's name does. */
  seed?: number | null;
  /** Builds the layer at once for inputs [batch, ...inputShape]. */
  inputShape?: InputShape;
  batchInputShape?: InputShape;
  dtype?: 'float32';
  /** tf.layers' variable-scope reuse: only false is meaningful here. */
  reuse?: boolean | null;
  [snakeCase: string]: unknown;
}

export interface LayerWeight {
  /** 'layername/kernel', as Keras's variable paths. */
  name: string;
  shape: number[];
  value: Tensor;
  trainable: boolean;
}

interface WeightSlot {
  role: WeightRole;
  shape: number[];
  value: Tensor;
}

interface Slot {
  initializer: Initializer;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

const COMMON_OPTIONS = [
  'name', 'trainable', 'seed', 'dtype', 'reuse', 'inputShape', 'batchInputShape',
  'kernelSize', 'strides', 'padding', 'dataFormat', 'dilationRate', 'activation', 'useBias', 'activityRegularizer',
];

export interface LayerSpec {
  className: string;
  /** Keras's default name stem: 'conv2d', 'depthwise_conv2d', 'separable_conv2d'. */
  defaultName: string;
  /** Weights in Keras's order, bias last. */
  roles: WeightRole[];
  /** Extra options of this layer (filters, depthMultiplier). */
  extraOptions: string[];
  /** Keras's default initializer per role. */
  defaultInitializers: Partial<Record<WeightRole, string>>;
}

function serialize(x: Initializer | Regularizer | Constraint | null): unknown {
  if (x === null) return null;
  if (x instanceof FunctionInitializer || x instanceof FunctionRegularizer || x instanceof FunctionConstraint) return x.fn;
  return x.serialize();
}

/** The three ops a layer calls, with the reference ops' signatures. */
export interface LayerOps {
  conv2d: typeof conv2d;
  depthwiseConv2d: typeof depthwiseConv2d;
  separableConv2d: typeof separableConv2d;
}

const REFERENCE_OPS: LayerOps = { conv2d, depthwiseConv2d, separableConv2d };

export abstract class ConvLayer {
  readonly className: string;
  readonly name: string;
  /** Whether the weights would be trained; reported on each weight, as Keras. */
  trainable: boolean;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dataFormat: LayerDataFormat;
  readonly dilationRate: [number, number];
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly activityRegularizer: Regularizer | null;
  readonly seed: number | null;

  /** Input shape the weights were built for (null until built). */
  protected builtShape: InputShape | null = null;
  private slots: WeightSlot[] = [];
  private readonly setup: Partial<Record<WeightRole, Slot>> = {};
  private lastActivityLoss: number | null = null;
  protected readonly label: string;
  protected readonly options: Record<string, unknown>;
  private readonly spec: LayerSpec;

  protected constructor(spec: LayerSpec, raw: unknown) {
    const allowed = [...COMMON_OPTIONS, ...spec.extraOptions];
    for (const role of spec.roles) allowed.push(`${role}Initializer`, `${role}Regularizer`, `${role}Constraint`);
    const { name, label, options } = readLayerOptions(spec.className, spec.defaultName, raw, allowed);
    this.spec = spec;
    this.className = spec.className;
    this.name = name;
    this.label = label;
    this.options = options;

    this.kernelSize = readPair(label, 'kernelSize', options.kernelSize);
    this.strides = readPair(label, 'strides', options.strides, 1);
    this.padding = readPadding(label, options.padding);
    this.dataFormat = readDataFormat(label, options.dataFormat);
    this.dilationRate = readPair(label, 'dilationRate', options.dilationRate, 1);
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1) {
      throw invalidArgument(label, 'strides', `strides ${formatValue(this.strides)} > 1 cannot be combined with dilationRate ${formatValue(this.dilationRate)} > 1 (Keras and TensorFlow refuse both at once)`);
    }
    this.activation = readLayerActivation(label, options.activation);
    this.useBias = readBoolean(label, 'useBias', options.useBias, true);
    this.trainable = readBoolean(label, 'trainable', options.trainable, true);
    if (options.seed !== undefined && options.seed !== null && !Number.isInteger(options.seed)) {
      throw invalidArgument(label, 'seed', `expected an integer or null, got ${formatValue(options.seed)}`);
    }
    this.seed = (options.seed as number | null | undefined) ?? null;
    if (options.dtype !== undefined && options.dtype !== null && options.dtype !== 'float32') {
      throw invalidArgument(label, 'dtype', `only 'float32' is supported, got ${formatValue(options.dtype)}`);
    }
    if (options.reuse) {
      throw invalidArgument(label, 'reuse', 'there are no variable scopes here; to share weights, apply the same layer object again');
    }
    this.activityRegularizer = options.activityRegularizer == null ? null
      : withContext(label, 'activityRegularizer', () => getRegularizer(options.activityRegularizer as RegularizerIdentifier));

    for (const role of spec.roles) {
      if (role === 'bias' && !this.useBias) continue;
      const init = options[`${role}Initializer`] ?? spec.defaultInitializers[role];
      const reg = options[`${role}Regularizer`];
      const con = options[`${role}Constraint`];
      this.setup[role] = {
        initializer: withContext(label, `${role}Initializer`, () => getInitializer(init as InitializerIdentifier)),
        regularizer: reg == null ? null : withContext(label, `${role}Regularizer`, () => getRegularizer(reg as RegularizerIdentifier)),
        constraint: con == null ? null : withContext(label, `${role}Constraint`, () => getConstraint(con as ConstraintIdentifier)),
      };
    }
  }

  /** Called by subclasses once their own options are read. */
  protected buildFromOptions(): void {
    const { inputShape, batchInputShape } = this.options;
    if (inputShape != null && batchInputShape != null) {
      throw invalidArgument(this.label, 'inputShape', 'give inputShape or batchInputShape, not both');
    }
    if (inputShape != null) {
      if (!Array.isArray(inputShape)) throw invalidArgument(this.label, 'inputShape', `expected [height, width, channels] or similar, got ${formatValue(inputShape)}`);
      this.build([null, ...inputShape]);
    } else if (batchInputShape != null) {
      if (!Array.isArray(batchInputShape)) throw invalidArgument(this.label, 'batchInputShape', `expected [batch, height, width, channels] or similar, got ${formatValue(batchInputShape)}`);
      this.build(batchInputShape);
    }
  }

  /** Channels out of the layer for `inChannels` channels in. */
  protected abstract outChannels(inChannels: number): number;
  /** Shape of one weight for `inChannels` input channels. */
  protected abstract weightShape(role: WeightRole, inChannels: number): number[];
  /** Runs the engine op with the built weights. */
  protected abstract call(x: Tensor, weights: Partial<Record<WeightRole, Tensor>>): Tensor;
  /** The engine cost-model op for this layer. */
  protected abstract readonly costOp: 'conv2d' | 'depthwiseConv2d' | 'separableConv2d';
  /** Layer-specific entries of getConfig (filters, depthMultiplier). */
  protected abstract ownConfig(): Record<string, unknown>;

  get built(): boolean {
    return this.builtShape !== null;
  }

  protected get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? 3 : 1;
  }

  /** Rank 4, a known channel count, and the built channel count once built. */
  private checkInputShape(argument: string, shape: InputShape): number {
    const layout = this.dataFormat === 'channels_last' ? '[batch, height, width, channels]' : '[batch, channels, height, width]';
    if (!Array.isArray(shape) || shape.length !== 4) {
      throw invalidArgument(this.label, argument, `expected a rank-4 input ${layout} (${this.dataFormat}), got ${Array.isArray(shape) ? `shape ${formatValue(shape)} (rank ${shape.length})` : formatValue(shape)}`);
    }
    shape.forEach((d, i) => {
      if (d !== null && d !== -1 && !(Number.isInteger(d) && (d as number) >= 1)) {
        throw invalidArgument(this.label, argument, `shape ${formatValue(shape)} has an invalid size ${formatValue(d)} at axis ${i}; sizes must be integers >= 1 (or null if unknown)`);
      }
    });
    const channels = shape[this.channelAxis];
    if (channels === null || channels === -1) {
      throw invalidArgument(this.label, argument, `the channel dimension (axis ${this.channelAxis} for ${this.dataFormat}) must be known, got shape ${formatValue(shape)}`);
    }
    if (this.builtShape) {
      const builtChannels = this.builtShape[this.channelAxis];
      if (channels !== builtChannels) {
        throw invalidArgument(this.label, argument, `the layer was built for ${builtChannels} input channels (input shape ${formatValue(this.builtShape)}) but got shape ${formatValue(shape)} with ${channels} channels`);
      }
    }
    return channels as number;
  }

  /** Creates the weights for inputs of this shape, as keras.layers.Layer.build. */
  build(inputShape: InputShape): void {
    const inChannels = this.checkInputShape('inputShape', inputShape);
    if (this.builtShape) return;
    const slots: WeightSlot[] = [];
    for (const role of this.spec.roles) {
      const setup = this.setup[role];
      if (!setup) continue;
      const shape = this.weightShape(role, inChannels);
      // Without a seed anywhere, the layer's name seeds its weights, so a
      // notebook run twice gives the same weights.
      const fallbackSeed = this.seed !== null
        ? hashSeed('seed', this.seed, WEIGHT_NAMES[role])
        : hashSeed('name', this.name, WEIGHT_NAMES[role]);
      const values = withContext(this.label, `${role}Initializer`, () => setup.initializer.call(shape, fallbackSeed));
      slots.push({ role, shape, value: this.constrain(role, values) });
    }
    this.slots = slots;
    this.builtShape = [...inputShape];
  }

  private constrain(role: WeightRole, value: Tensor): Tensor {
    const constraint = this.setup[role]?.constraint;
    return constraint ? withContext(this.label, `${role}Constraint`, () => constraint.call(value)) : value;
  }

  /** Runs the layer on x, building its weights from x's shape on the first call. */
  apply(inputs: Tensor | { shape: readonly number[]; data: ArrayLike<number> }): Tensor {
    const x = asTensor(this.label, 'inputs', inputs);
    this.checkInputShape('inputs', x.shape);
    this.computeOutputShape(x.shape);
    if (!this.builtShape) this.build(x.shape);
    const weights: Partial<Record<WeightRole, Tensor>> = {};
    for (const slot of this.slots) weights[slot.role] = slot.value;
    const y = this.call(x, weights);
    // tf.keras divides the activity penalty by the batch size, so it does not grow with the batch.
    this.lastActivityLoss = this.activityRegularizer
      ? withContext(this.label, 'activityRegularizer', () => this.activityRegularizer!.call(y)) / y.shape[0]
      : null;
    return y;
  }

  /**
   * The ops the layer computes with: the exact reference. A host with faster
   * ops of the same semantics (a notebook's sync engine) overrides this in a
   * subclass.
   */
  protected get ops(): LayerOps {
    return REFERENCE_OPS;
  }

  /** The engine's options for this layer (bias and activation added by subclasses' call). */
  protected opOptions(bias: Tensor | undefined) {
    return {
      strides: this.strides,
      padding: this.padding,
      dilations: this.dilationRate,
      dataFormat: this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW',
      bias: bias ?? null,
      activation: this.activation,
    } as const;
  }

  /** Keras's conv_output_length on each spatial axis; unknown (null) sizes stay unknown. */
  computeOutputShape(inputShape: InputShape): (number | null)[] {
    const inChannels = this.checkInputShape('inputShape', inputShape);
    const spatial = this.dataFormat === 'channels_last' ? [inputShape[1], inputShape[2]] : [inputShape[2], inputShape[3]];
    const out = spatial.map((size, axis) => {
      if (size === null || size === -1) return null;
      const effective = (this.kernelSize[axis] - 1) * this.dilationRate[axis] + 1;
      const n = this.padding === 'same' ? Math.ceil(size / this.strides[axis]) : Math.ceil((size - effective + 1) / this.strides[axis]);
      if (n < 1) {
        throw invalidArgument(this.label, 'kernelSize', `the kernel ${this.kernelSize.join('x')}${effective !== this.kernelSize[axis] ? ` (dilated to ${effective} on the ${axis ? 'width' : 'height'})` : ''} does not fit the input ${spatial.join('x')} with padding 'valid'; the output would be empty (input shape ${formatValue(inputShape)})`);
      }
      return n;
    });
    const batch = inputShape[0] === -1 ? null : inputShape[0];
    const channels = this.outChannels(inChannels);
    return this.dataFormat === 'channels_last' ? [batch, out[0], out[1], channels] : [batch, channels, out[0], out[1]];
  }

  /** The engine's cost model for inputs of this shape; an unknown batch counts as 1. */
  cost(inputShape: InputShape) {
    const inChannels = this.checkInputShape('inputShape', inputShape);
    this.computeOutputShape(inputShape);
    const input = inputShape.map((d, i) => {
      if (d !== null && d !== -1) return d;
      if (i === 0) return 1;
      throw invalidArgument(this.label, 'inputShape', `cost needs known height and width, got ${formatValue(inputShape)}`);
    });
    const first = this.spec.roles[0];
    return engineCost(this.costOp, {
      input,
      filter: this.weightShape(first, inChannels),
      ...(this.costOp === 'separableConv2d' ? { pointwiseFilter: this.weightShape('pointwise', inChannels) } : {}),
      strides: this.strides,
      padding: this.padding,
      dilations: this.dilationRate,
      dataFormat: this.dataFormat === 'channels_last' ? 'NHWC' : 'NCHW',
      bias: this.useBias,
    });
  }

  get weights(): LayerWeight[] {
    return this.slots.map((s) => ({ name: `${this.name}/${WEIGHT_NAMES[s.role]}`, shape: [...s.shape], value: s.value, trainable: this.trainable }));
  }

  get trainableWeights(): LayerWeight[] {
    return this.trainable ? this.weights : [];
  }

  get nonTrainableWeights(): LayerWeight[] {
    return this.trainable ? [] : this.weights;
  }

  /** Copies of the weight values, in Keras's order. */
  getWeights(): Tensor[] {
    return this.slots.map((s) => new Tensor(Float32Array.from(s.value.data), s.shape));
  }

  /** Replaces the weights (same order and shapes as getWeights), then applies the constraints. */
  setWeights(values: readonly (Tensor | { shape: readonly number[]; data: ArrayLike<number> })[]): void {
    if (!this.builtShape) {
      throw invalidArgument(this.label, 'setWeights', `the layer has no weights yet; call build(inputShape) or apply(x) first`);
    }
    if (!Array.isArray(values) || values.length !== this.slots.length) {
      throw invalidArgument(this.label, 'setWeights', `expected ${this.slots.length} tensors (${this.slots.map((s) => `${WEIGHT_NAMES[s.role]} ${shapeString(s.shape)}`).join(', ')}), got ${Array.isArray(values) ? values.length : formatValue(values)}`);
    }
    const next = this.slots.map((slot, i) => {
      const t = asTensor(this.label, `setWeights[${i}]`, values[i]);
      if (t.shape.join() !== slot.shape.join()) {
        throw invalidArgument(this.label, 'setWeights', `${WEIGHT_NAMES[slot.role]} has shape ${shapeString(slot.shape)} but the value given has shape ${shapeString(t.shape)}`);
      }
      return { ...slot, value: this.constrain(slot.role, new Tensor(Float32Array.from(t.data), slot.shape)) };
    });
    this.slots = next;
  }

  countParams(): number {
    if (!this.builtShape) {
      throw invalidArgument(this.label, 'countParams', `the layer is not built yet; call build(inputShape) or apply(x) first`);
    }
    return this.slots.reduce((n, s) => n + sizeOf(s.shape), 0);
  }

  /**
   * The regularization penalties: one per regularized weight, in weight
   * order, then the activity penalty of the last apply() (divided by its batch).
   */
  get losses(): number[] {
    const out: number[] = [];
    for (const slot of this.slots) {
      const reg = this.setup[slot.role]?.regularizer;
      if (reg) out.push(withContext(this.label, `${slot.role}Regularizer`, () => reg.call(slot.value)));
    }
    if (this.lastActivityLoss !== null) out.push(this.lastActivityLoss);
    return out;
  }

  /** The options that rebuild this layer: `new Layer(layer.getConfig())` (names included). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      trainable: this.trainable,
      ...this.ownConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      activation: this.activation,
      useBias: this.useBias,
    };
    for (const role of this.spec.roles) {
      if (role === 'bias' && !this.useBias) continue;
      const setup = this.setup[role]!;
      config[`${role}Initializer`] = serialize(setup.initializer);
      config[`${role}Regularizer`] = serialize(setup.regularizer);
      config[`${role}Constraint`] = serialize(setup.constraint);
    }
    config.activityRegularizer = serialize(this.activityRegularizer);
    config.seed = this.seed;
    return config;
  }

  toString(): string {
    return `${this.label}${this.built ? ` built for ${formatValue(this.builtShape)}` : ' (not built)'}`;
  }
}
