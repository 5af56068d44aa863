// Names a cell may use without them becoming inputs: the language's own globals
// and the few host globals notebooks reach for. A cell may not redefine them,
// so `Math` in a cell always means the real Math.
export const GLOBALS: ReadonlySet<string> = new Set([
  'Array', 'ArrayBuffer', 'AbortController', 'AbortSignal', 'AggregateError', 'atob', 'BigInt', 'BigInt64Array',
  'BigUint64Array', 'Blob', 'Boolean', 'btoa', 'clearInterval', 'clearTimeout', 'console', 'crypto', 'CustomEvent',
  'DataView', 'Date', 'decodeURI', 'decodeURIComponent', 'document', 'encodeURI', 'encodeURIComponent', 'Error',
  'escape', 'eval', 'EvalError', 'Event', 'EventTarget', 'FinalizationRegistry', 'Float32Array', 'Float64Array',
  'Function', 'globalThis', 'Infinity', 'Int16Array', 'Int32Array', 'Int8Array', 'Intl', 'isFinite', 'isNaN', 'JSON',
  'Map', 'Math', 'NaN', 'navigator', 'Number', 'Object', 'parseFloat', 'parseInt', 'performance', 'Promise', 'Proxy',
  'queueMicrotask', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'requestAnimationFrame',
  'cancelAnimationFrame', 'Set', 'setInterval', 'setTimeout', 'SharedArrayBuffer', 'String', 'structuredClone',
  'Symbol', 'SyntaxError', 'TextDecoder', 'TextEncoder', 'this', 'TypeError', 'Uint16Array', 'Uint32Array',
  'Uint8Array', 'Uint8ClampedArray', 'undefined', 'unescape', 'URIError', 'URL', 'URLSearchParams', 'WeakMap',
  'WeakRef', 'WeakSet', 'WebAssembly', 'Worker', 'window', 'arguments',
]);

/** Names the kernel hands each run of a cell itself (they depend on which cell is running). */
export const CELL_LOCALS: ReadonlySet<string> = new Set(['display', 'view', 'engine']);
