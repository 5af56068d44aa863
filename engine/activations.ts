// Activations applied after the convolution and bias, element by element.
// Each follows the formula of TensorFlow's float kernel (as ported by
// tfjs-backend-cpu, our oracle): a one-op activation is computed in double
// and rounded once to float32; a composite one (softsign, swish) rounds its
// inner op to float32 first, as TensorFlow's separate float ops do.
import { formatValue, invalidArgument } from './errors.js';

export const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'gelu',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

// SELU's constants as TensorFlow spells them (scale * alpha is its own
// literal there, and the product in double differs in the last bit).
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

// TensorFlow's softplus thresholds: beyond them log(1 + e^x) equals x or e^x
// to float32 precision, and e^x could overflow.
const SOFTPLUS_THRESHOLD = Math.log(1.1920928955078125e-7) + 2;

/** Abramowitz–Stegun 7.1.26 is too coarse for float32; this is W. J. Cody's erf, |error| < 1e-15. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const p = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const q = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return x * p / q;
  }
  if (ax >= 6) return Math.sign(x);
  let r: number;
  if (ax < 4) {
    const p = (((((((2.15311535474403846e-8 * ax + 5.64188496988670089e-1) * ax + 8.88314979438837594) * ax + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
    const q = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax + 3439.36767414372164) * ax + 1230.33935480374942;
    r = p / q;
  } else {
    const z = 1 / (ax * ax);
    const p = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z + 1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
    const q = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
    r = (1 / Math.sqrt(Math.PI) - z * p / q) / ax;
  }
  const erfc = Math.exp(-ax * ax) * r;
  return x > 0 ? 1 - erfc : erfc - 1;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export const activationFunctions: Record<Activation, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : x === x ? 0 : x),
  relu6: (x) => (x !== x ? x : Math.min(Math.max(x, 0), 6)),
  sigmoid,
  tanh: Math.tanh,
  // exp(x) - 1 rather than expm1: TensorFlow's float kernels write it so, and
  // the result must match them bit for bit.
  elu: (x) => (x >= 0 ? x : Math.exp(x) - 1),
  selu: (x) => (x >= 0 ? SELU_SCALE * x : SELU_SCALE_ALPHA * (Math.exp(x) - 1)),
  softplus: (x) => (x < SOFTPLUS_THRESHOLD ? Math.exp(x) : x > -SOFTPLUS_THRESHOLD ? x : Math.log(1 + Math.exp(x))),
  softsign: (x) => x / Math.fround(1 + Math.abs(x)),
  swish: (x) => x * Math.fround(sigmoid(x)),
  // TensorFlow's exact (erf) GELU; tfjs's erf is a coarser approximation, so
  // this one alone is compared with a tolerance.
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
};

/** Validates an activation name (case-insensitive); null/undefined mean linear. */
export function checkActivation(op: string, value: unknown): Activation {
  if (value === undefined || value === null) return 'linear';
  if (typeof value === 'string') {
    const name = value.toLowerCase() as Activation;
    if ((ACTIVATIONS as readonly string[]).includes(name)) return name;
  }
  throw invalidArgument(op, 'activation', `unknown activation ${formatValue(value)}; expected one of ${ACTIVATIONS.join(', ')}`);
}

/** Applies an activation in place, rounding each value to float32. */
export function applyActivation(data: Float32Array, activation: Activation): void {
  if (activation === 'linear') return;
  const f = activationFunctions[activation];
  for (let i = 0; i < data.length; i++) data[i] = f(data[i]);
}
