// Keras's weight and activity regularizers: a penalty computed from a tensor's
// values. Sums run in double precision.
import { formatValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { readConfig, readNumber, readSerialized, registryKey } from './identifier.js';

export abstract class Regularizer {
  abstract readonly className: string;
  abstract call(x: Tensor): number;
  abstract getConfig(): Record<string, unknown>;
  serialize(): { className: string; config: Record<string, unknown> } {
    return { className: this.className, config: this.getConfig() };
  }
}

function sumAbs(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += Math.abs(data[i]);
  return s;
}

function sumSquares(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return s;
}

/** l1 * sum(|x|). */
export class L1 extends Regularizer {
  readonly className = 'L1';
  readonly l1: number;
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('L1', config, ['l1']);
    this.l1 = readNumber('L1', 'l1', c.l1, 0.01, { min: 0 });
  }
  call(x: Tensor): number {
    return this.l1 * sumAbs(x.data);
  }
  getConfig() {
    return { l1: this.l1 };
  }
}

/** l2 * sum(x^2); Keras has no factor 1/2 here (unlike tf.nn.l2_loss). */
export class L2 extends Regularizer {
  readonly className = 'L2';
  readonly l2: number;
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('L2', config, ['l2']);
    this.l2 = readNumber('L2', 'l2', c.l2, 0.01, { min: 0 });
  }
  call(x: Tensor): number {
    return this.l2 * sumSquares(x.data);
  }
  getConfig() {
    return { l2: this.l2 };
  }
}

/**
 * l1 * sum(|x|) + l2 * sum(x^2). As in tf.keras, the class's own defaults are
 * 0 while the name 'l1_l2' (the keras.regularizers.l1_l2 function) means
 * l1 = l2 = 0.01.
 */
export class L1L2 extends Regularizer {
  readonly className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(config?: Record<string, unknown>) {
    super();
    const c = readConfig('L1L2', config, ['l1', 'l2']);
    this.l1 = readNumber('L1L2', 'l1', c.l1, 0, { min: 0 });
    this.l2 = readNumber('L1L2', 'l2', c.l2, 0, { min: 0 });
  }
  call(x: Tensor): number {
    return (this.l1 ? this.l1 * sumAbs(x.data) : 0) + (this.l2 ? this.l2 * sumSquares(x.data) : 0);
  }
  getConfig() {
    return { l1: this.l1, l2: this.l2 };
  }
}

export class FunctionRegularizer extends Regularizer {
  readonly className = 'Function';
  constructor(readonly fn: (x: Tensor) => number) {
    super();
  }
  call(x: Tensor): number {
    const value = this.fn(x);
    if (typeof value !== 'number') throw new Error(`the regularizer function returned ${formatValue(value)}, not a number`);
    return value;
  }
  getConfig() {
    return {};
  }
}

/** keras.regularizers.l1(0.01) */
export const l1 = (l1 = 0.01): L1 => new L1({ l1 });
/** keras.regularizers.l2(0.01) */
export const l2 = (l2 = 0.01): L2 => new L2({ l2 });
/** keras.regularizers.l1_l2(l1=0.01, l2=0.01) */
export const l1l2 = (l1 = 0.01, l2 = 0.01): L1L2 => new L1L2({ l1, l2 });

// String names build the keras.regularizers functions (0.01 defaults);
// {className, config} builds the classes with their own defaults.
const BY_NAME: Record<string, () => Regularizer> = { l1: () => l1(), l2: () => l2(), l1_l2: () => l1l2() };
const CLASSES: Record<string, new (config?: Record<string, unknown>) => Regularizer> = { l1: L1, l2: L2, l1l2: L1L2 };
export const REGULARIZERS = Object.keys(BY_NAME);

export type RegularizerIdentifier =
  | string
  | { className?: string; class_name?: string; config?: Record<string, unknown> }
  | Regularizer
  | ((x: Tensor) => number);

export function getRegularizer(identifier: RegularizerIdentifier): Regularizer {
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === 'function') return new FunctionRegularizer(identifier);
  const serialized = readSerialized('regularizer', identifier);
  const key = serialized && registryKey(serialized.name);
  if (serialized && key && typeof identifier === 'string') {
    const make = Object.entries(BY_NAME).find(([name]) => registryKey(name) === key)?.[1];
    if (make) return make();
  } else if (serialized && key && CLASSES[key]) {
    return new CLASSES[key](serialized.config);
  }
  throw new Error(`unknown regularizer ${formatValue(serialized ? serialized.name : identifier)}; expected one of ${REGULARIZERS.join(', ')}, {className: 'L1' | 'L2' | 'L1L2', config}, a Regularizer or a function (x) => number`);
}
