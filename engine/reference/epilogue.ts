// What follows the sum of products: bias, then activation, each rounded to
// float32 as TensorFlow's separate BiasAdd and activation kernels round.
import { activationFunctions, type Activation } from '../activations.js';

export type Epilogue = (sum: number, channel: number) => number;

export function epilogue(bias: ArrayLike<number> | null, activation: Activation): Epilogue {
  const f = activation === 'linear' ? null : activationFunctions[activation];
  if (bias && f) return (sum, c) => Math.fround(f(Math.fround(sum + bias[c])));
  if (bias) return (sum, c) => Math.fround(sum + bias[c]);
  if (f) return (sum) => Math.fround(f(sum));
  return (sum) => sum;
}
