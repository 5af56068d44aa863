// Keras's weight initializers, seeded so that a notebook run twice gives the
// same weights. Defaults, fans and scalings follow keras.initializers.
import { formatValue, invalidArgument, shapeString } from '../errors.js';
import { sizeOf, Tensor } from '../tensor.js';
import { hashSeed, Random } from './random.js';
import { readConfig, readNumber, readSeed, readSerialized, registryKey } from './identifier.js';

/**
 * Keras's fans: a conv kernel [kh, kw, in, out] has receptive field kh*kw,
 * fan_in = in*kh*kw and fan_out = out*kh*kw. A depthwise kernel
 * [kh, kw, in, M] is treated the same way (fan_out = M*kh*kw), as Keras does.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptiveField = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2] * receptiveField, fanOut: shape[shape.length - 1] * receptiveField };
}

/** Something that fills a weight of a given shape. */
export abstract class Initializer {
  abstract readonly className: string;

  /**
   * Values for a weight of `shape`. `fallbackSeed` comes from the layer (its
   * seed option or its name) and is used only when the initializer has no
   * seed of its own.
   */
  abstract generate(shape: readonly number[], fallbackSeed: number): Float32Array;

  abstract getConfig(): Record<string, unknown>;

  call(shape: readonly number[], fallbackSeed = 0): Tensor {
    return new Tensor(this.generate(shape, fallbackSeed), shape);
  }

  serialize(): { className: string; config: Record<string, unknown> } {
    return { className: this.className, config: this.getConfig() };
  }
}

export class Zeros extends Initializer {
  readonly className = 'Zeros';
  constructor(config?: Record<string, unknown>) {
    super();
    readConfig('Zeros', config, []);
  }
  generate(shape: readonly number[]): Float32Array {
    return new Float32Array(sizeOf(shape));
  }
  getConfig() {
    return {};
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';
  constructor(config?: Record<string, unknown>) {
    super();
    readConfig('Ones', config, []);
  }
  generate(shape: readonly number[]): Float32Array {
    return new Float32Array(sizeOf(shape)).fill(1);
  }
  getConfig() {
    return {};
  }
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('Constant', config, ['value']);
    this.value = readNumber('Constant', 'value', c.value, 0);
  }
  generate(shape: readonly number[]): Float32Array {
    return new Float32Array(sizeOf(shape)).fill(this.value);
  }
  getConfig() {
    return { value: this.value };
  }
}

/** Base of the random initializers: an own seed, or the layer's fallback seed. */
abstract class RandomInitializer extends Initializer {
  readonly seed: number | null;
  constructor(seed: number | null) {
    super();
    this.seed = seed;
  }
  protected random(fallbackSeed: number): Random {
    // Keras: a seeded initializer gives the same values on every call.
    return new Random(this.seed === null ? fallbackSeed : hashSeed('seed', this.seed));
  }
  generate(shape: readonly number[], fallbackSeed: number): Float32Array {
    const out = new Float32Array(sizeOf(shape));
    const random = this.random(fallbackSeed);
    const draw = this.sampler(shape);
    for (let i = 0; i < out.length; i++) out[i] = draw(random);
    return out;
  }
  protected abstract sampler(shape: readonly number[]): (random: Random) => number;
}

export class RandomNormal extends RandomInitializer {
  readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(config?: Record<string, unknown>) {
    const c = readConfig('RandomNormal', config, ['mean', 'stddev', 'seed']);
    super(readSeed('RandomNormal', c.seed));
    this.mean = readNumber('RandomNormal', 'mean', c.mean, 0);
    this.stddev = readNumber('RandomNormal', 'stddev', c.stddev, 0.05, { min: 0 });
  }
  protected sampler() {
    return (r: Random) => this.mean + this.stddev * r.normal();
  }
  getConfig() {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

export class RandomUniform extends RandomInitializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor(config?: Record<string, unknown>) {
    const c = readConfig('RandomUniform', config, ['minval', 'maxval', 'seed']);
    super(readSeed('RandomUniform', c.seed));
    this.minval = readNumber('RandomUniform', 'minval', c.minval, -0.05);
    this.maxval = readNumber('RandomUniform', 'maxval', c.maxval, 0.05);
    if (this.maxval < this.minval) {
      throw invalidArgument('RandomUniform', 'maxval', `maxval ${this.maxval} is below minval ${this.minval}`);
    }
  }
  protected sampler() {
    return (r: Random) => this.minval + (this.maxval - this.minval) * r.uniform();
  }
  getConfig() {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

/** Normal values redrawn beyond two standard deviations of the mean, as Keras. */
export class TruncatedNormal extends RandomInitializer {
  readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(config?: Record<string, unknown>) {
    const c = readConfig('TruncatedNormal', config, ['mean', 'stddev', 'seed']);
    super(readSeed('TruncatedNormal', c.seed));
    this.mean = readNumber('TruncatedNormal', 'mean', c.mean, 0);
    this.stddev = readNumber('TruncatedNormal', 'stddev', c.stddev, 0.05, { min: 0 });
  }
  protected sampler() {
    return (r: Random) => this.mean + this.stddev * r.truncatedNormal();
  }
  getConfig() {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

const MODES: Record<string, FanMode> = { fanin: 'fan_in', fanout: 'fan_out', fanavg: 'fan_avg' };
// Keras reads 'normal' as 'truncated_normal'.
const DISTRIBUTIONS: Record<string, Distribution> = {
  normal: 'truncated_normal', truncatednormal: 'truncated_normal', untruncatednormal: 'untruncated_normal', uniform: 'uniform',
};

// The standard deviation of a unit normal truncated to [-2, 2]; Keras divides by it
// so the truncated values keep the intended variance.
const TRUNCATED_STDDEV = 0.87962566103423978;

export class VarianceScaling extends RandomInitializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  constructor(config?: Record<string, unknown>, op = 'VarianceScaling') {
    const c = readConfig(op, config, ['scale', 'mode', 'distribution', 'seed']);
    super(readSeed(op, c.seed));
    this.scale = readNumber(op, 'scale', c.scale, 1, { min: 0, exclusive: true });
    const mode = typeof c.mode === 'string' ? MODES[registryKey(c.mode)] : c.mode === undefined ? 'fan_in' : undefined;
    if (!mode) throw invalidArgument(op, 'mode', `unknown mode ${formatValue(c.mode)}; expected 'fan_in', 'fan_out' or 'fan_avg'`);
    this.mode = mode;
    const distribution = typeof c.distribution === 'string'
      ? DISTRIBUTIONS[registryKey(c.distribution)] : c.distribution === undefined ? 'truncated_normal' : undefined;
    if (!distribution) {
      throw invalidArgument(op, 'distribution', `unknown distribution ${formatValue(c.distribution)}; expected 'truncated_normal', 'untruncated_normal' or 'uniform'`);
    }
    this.distribution = distribution;
  }

  /** The variance Keras aims for: scale / max(1, fan). */
  variance(shape: readonly number[]): number {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    return this.scale / Math.max(1, fan);
  }

  protected sampler(shape: readonly number[]) {
    const variance = this.variance(shape);
    if (this.distribution === 'truncated_normal') {
      const stddev = Math.sqrt(variance) / TRUNCATED_STDDEV;
      return (r: Random) => stddev * r.truncatedNormal();
    }
    if (this.distribution === 'untruncated_normal') {
      const stddev = Math.sqrt(variance);
      return (r: Random) => stddev * r.normal();
    }
    const limit = Math.sqrt(3 * variance);
    return (r: Random) => -limit + 2 * limit * r.uniform();
  }

  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

/** The named variance scalings (Glorot, He, LeCun): only a seed is configurable. */
function namedScaling(className: string, scale: number, mode: FanMode, distribution: Distribution): new (config?: Record<string, unknown>) => VarianceScaling {
  return class extends VarianceScaling {
    override readonly className = className;
    constructor(config?: Record<string, unknown>) {
      const c = readConfig(className, config, ['seed']);
      super({ scale, mode, distribution, seed: c.seed }, className);
    }
    override getConfig() {
      return { seed: this.seed };
    }
  };
}

export const GlorotUniform = namedScaling('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = namedScaling('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeUniform = namedScaling('HeUniform', 2, 'fan_in', 'uniform');
export const HeNormal = namedScaling('HeNormal', 2, 'fan_in', 'truncated_normal');
export const LecunUniform = namedScaling('LecunUniform', 1, 'fan_in', 'uniform');
export const LecunNormal = namedScaling('LecunNormal', 1, 'fan_in', 'truncated_normal');

/**
 * Keras's Orthogonal: the weight is seen as a matrix [prod(shape[:-1]),
 * shape[-1]]; a normal matrix is orthonormalised (QR with R's diagonal made
 * positive, which Gram–Schmidt gives directly) and scaled by `gain`.
 */
export class Orthogonal extends RandomInitializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  constructor(config?: Record<string, unknown>) {
    const c = readConfig('Orthogonal', config, ['gain', 'seed']);
    super(readSeed('Orthogonal', c.seed));
    this.gain = readNumber('Orthogonal', 'gain', c.gain, 1);
  }
  protected sampler(): never {
    throw new Error('Orthogonal fills whole matrices');
  }
  override generate(shape: readonly number[], fallbackSeed: number): Float32Array {
    if (shape.length < 2) {
      throw invalidArgument('Orthogonal', 'shape', `the weight must have at least two dimensions, got ${shapeString(shape)}`);
    }
    const rows = sizeOf(shape.slice(0, -1));
    const cols = shape[shape.length - 1];
    // Orthonormalise the k = min(rows, cols) columns of an n x k normal matrix.
    const n = Math.max(rows, cols), k = Math.min(rows, cols);
    const random = this.random(fallbackSeed);
    const a = new Float64Array(n * k); // row-major n x k
    for (let i = 0; i < a.length; i++) a[i] = random.normal();
    for (let j = 0; j < k; j++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += a[i * k + p] * a[i * k + j];
        for (let i = 0; i < n; i++) a[i * k + j] -= dot * a[i * k + p];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += a[i * k + j] ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) a[i * k + j] /= norm;
    }
    const out = new Float32Array(rows * cols);
    // With fewer rows than columns Keras orthonormalises the transpose.
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[r * cols + c] = this.gain * (rows >= cols ? a[r * k + c] : a[c * k + r]);
    }
    return out;
  }
  getConfig() {
    return { gain: this.gain, seed: this.seed };
  }
}

/** A user function (shape) => values, wrapped so layers can call it like any initializer. */
export class FunctionInitializer extends Initializer {
  readonly className = 'Function';
  constructor(readonly fn: (shape: number[]) => Tensor | ArrayLike<number>) {
    super();
  }
  generate(shape: readonly number[]): Float32Array {
    const result = this.fn([...shape]);
    const values = result instanceof Tensor ? result.data : result;
    if (!values || typeof values.length !== 'number' || values.length !== sizeOf(shape)) {
      throw new Error(`the initializer function returned ${values && typeof values.length === 'number' ? `${values.length} values` : formatValue(values)} for shape ${shapeString(shape)} (needs ${sizeOf(shape)})`);
    }
    return Float32Array.from(values);
  }
  getConfig() {
    return {};
  }
}

type InitializerClass = new (config?: Record<string, unknown>) => Initializer;

const REGISTRY: Record<string, InitializerClass> = {
  zeros: Zeros, ones: Ones, constant: Constant,
  random_normal: RandomNormal, random_uniform: RandomUniform, truncated_normal: TruncatedNormal,
  variance_scaling: VarianceScaling,
  glorot_uniform: GlorotUniform, glorot_normal: GlorotNormal,
  he_uniform: HeUniform, he_normal: HeNormal,
  lecun_uniform: LecunUniform, lecun_normal: LecunNormal,
  orthogonal: Orthogonal,
};
export const INITIALIZERS = Object.keys(REGISTRY);
const BY_KEY = new Map(Object.entries(REGISTRY).map(([name, cls]) => [registryKey(name), cls]));

export type InitializerIdentifier =
  | string
  | { className?: string; class_name?: string; config?: Record<string, unknown> }
  | Initializer
  | ((shape: number[]) => Tensor | ArrayLike<number>);

/**
 * An initializer from any of Keras's spellings: 'he_normal', 'HeNormal',
 * 'heNormal', {className: 'HeNormal', config: {seed: 1}}, an Initializer, or
 * a function (shape) => values.
 */
export function getInitializer(identifier: InitializerIdentifier): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === 'function') return new FunctionInitializer(identifier);
  const serialized = readSerialized('initializer', identifier);
  const cls = serialized && BY_KEY.get(registryKey(serialized.name));
  if (!serialized || !cls) {
    throw new Error(`unknown initializer ${formatValue(serialized ? serialized.name : identifier)}; expected one of ${INITIALIZERS.join(', ')}, {className, config}, an Initializer or a function (shape) => values`);
  }
  return new cls(serialized.config);
}
