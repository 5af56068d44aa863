// Initializers, regularizers and constraints are named the Keras way
// ('glorot_uniform', 'GlorotUniform', tfjs's 'glorotUniform', or
// {className, config} / {class_name, config}); this reads all of those forms
// and their options in one place so every bad one gets the same message.
import { formatValue, invalidArgument } from '../errors.js';

/** 'glorot_uniform', 'GlorotUniform' and 'glorotUniform' share one key. */
export function registryKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A string name or a serialized {className, config}; null for anything else. */
export function readSerialized(kind: string, value: unknown): { name: string; config: Record<string, unknown> } | null {
  if (typeof value === 'string') return { name: value, config: {} };
  if (value && typeof value === 'object' && ('className' in value || 'class_name' in value)) {
    const v = value as { className?: unknown; class_name?: unknown; config?: unknown };
    const name = v.className ?? v.class_name;
    if (typeof name !== 'string') throw new Error(`the className of a serialized ${kind} must be a string, got ${formatValue(name)}`);
    const config = v.config ?? {};
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new Error(`the config of ${kind} ${name} must be an object, got ${formatValue(config)}`);
    }
    return { name, config: config as Record<string, unknown> };
  }
  return null;
}

/**
 * Options of one initializer/regularizer/constraint, with snake_case keys
 * turned camelCase (max_value -> maxValue). Unknown keys are errors, so a
 * typo never silently falls back to a default.
 */
export function readConfig(op: string, config: Record<string, unknown> | undefined, allowed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    const camel = snakeToCamel(key);
    if (!allowed.includes(camel)) {
      throw invalidArgument(op, key, allowed.length ? `unknown option; ${op} takes ${allowed.join(', ')}` : `unknown option; ${op} takes no options`);
    }
    if (camel in out) throw invalidArgument(op, key, `given twice (as ${camel} and ${key})`);
    out[camel] = value;
  }
  return out;
}

/** A finite number (or the default when absent), optionally bounded below. */
export function readNumber(
  op: string, argument: string, value: unknown, fallback: number, bound?: { min: number; exclusive?: boolean },
): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidArgument(op, argument, `expected a finite number, got ${formatValue(value)}`);
  }
  if (bound && (bound.exclusive ? value <= bound.min : value < bound.min)) {
    throw invalidArgument(op, argument, `expected a number ${bound.exclusive ? '>' : '>='} ${bound.min}, got ${formatValue(value)}`);
  }
  return value;
}

/** A seed is an integer or null (no seed of its own). */
export function readSeed(op: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidArgument(op, 'seed', `expected an integer or null, got ${formatValue(value)}`);
  }
  return value;
}

/** Re-throws an error from building a named object with the layer and argument in front. */
export function withContext<T>(op: string, argument: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw invalidArgument(op, argument, (error as Error).message);
  }
}
