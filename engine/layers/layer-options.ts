// Reads a layer's options as Keras validates them. Options are camelCase as in
// tfjs-layers; the snake_case spellings of tf.keras (kernel_size, use_bias,
// depthwise_initializer, ...) are accepted so code copied from Python works.
import { checkActivation, type Activation } from '../activations.js';
import { formatValue, invalidArgument } from '../errors.js';
import { snakeToCamel } from './identifier.js';
import { uniqueLayerName } from './names.js';

export type Padding = 'valid' | 'same';
export type LayerDataFormat = 'channels_last' | 'channels_first';

/**
 * The options with camelCase keys. Unknown options are errors (Keras:
 * "Keyword argument not understood"), so a typo such as kernal_size is caught.
 */
export function readLayerOptions(
  className: string, defaultName: string, raw: unknown, allowed: readonly string[],
): { name: string; label: string; options: Record<string, unknown> } {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidArgument(className, 'options', `expected an object of options such as { filters: 32, kernelSize: 3 }, got ${formatValue(raw)}`);
  }
  const options: Record<string, unknown> = {};
  const given: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const camel = snakeToCamel(key);
    if (camel in given) {
      throw invalidArgument(className, key, `given twice, as ${given[camel]} and ${key}`);
    }
    given[camel] = key;
    options[camel] = value;
  }
  const name = options.name ?? uniqueLayerName(defaultName);
  if (typeof name !== 'string' || name === '') {
    throw invalidArgument(className, 'name', `expected a non-empty string, got ${formatValue(name)}`);
  }
  const label = `${className} '${name}'`;
  for (const camel of Object.keys(options)) {
    if (!allowed.includes(camel)) {
      throw invalidArgument(label, given[camel], `unknown option; ${className} takes ${allowed.join(', ')} (or their snake_case spellings)`);
    }
  }
  return { name, label, options };
}

export function readPositiveInteger(label: string, argument: string, value: unknown, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw invalidArgument(label, argument, 'is required; expected a positive integer');
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidArgument(label, argument, `expected a positive integer, got ${formatValue(value)}`);
  }
  return value;
}

/** kernelSize, strides, dilationRate: one positive integer for both axes, or [height, width]. */
export function readPair(label: string, argument: string, value: unknown, fallback?: number): [number, number] {
  if ((value === undefined || value === null) && fallback !== undefined) return [fallback, fallback];
  if (value === undefined || value === null) {
    throw invalidArgument(label, argument, 'is required; expected a positive integer or [height, width]');
  }
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw invalidArgument(label, argument, `expected a positive integer or [height, width] of positive integers, got ${formatValue(value)}`);
  }
  return [pair[0], pair[1]];
}

export function readPadding(label: string, value: unknown): Padding {
  if (value === undefined || value === null) return 'valid';
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  if (v === 'valid' || v === 'same') return v;
  const hint = v === 'causal' ? " ('causal' exists only for 1-D convolutions)" : '';
  throw invalidArgument(label, 'padding', `unknown padding ${formatValue(value)}; expected 'valid' or 'same' (any case)${hint}`);
}

/** Keras spells it 'channels_last' / 'channels_first', TensorFlow.js's layers 'channelsLast' / 'channelsFirst': both are taken. */
export function readDataFormat(label: string, value: unknown): LayerDataFormat {
  if (value === undefined || value === null) return 'channels_last';
  const v = typeof value === 'string' ? value.toLowerCase().replace('_', '') : value;
  if (v === 'channelslast') return 'channels_last';
  if (v === 'channelsfirst') return 'channels_first';
  throw invalidArgument(label, 'dataFormat', `unknown data format ${formatValue(value)}; expected 'channels_last' or 'channels_first' (tfjs: 'channelsLast' or 'channelsFirst')`);
}

export function readBoolean(label: string, argument: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(label, argument, `expected true or false, got ${formatValue(value)}`);
  return value;
}

export function readLayerActivation(label: string, value: unknown): Activation {
  return checkActivation(label, value);
}
