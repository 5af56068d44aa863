// The benchmark's peer libraries (ONNX Runtime, TensorFlow.js) live in
// bench/'s own node_modules, not the app's: `npm run bench` installs them on
// first use (scripts/bench-packages.mjs). The compiled benchmark runs from
// dist/bench/, whose bare imports would walk up past bench/ and never find
// them, so every peer is loaded through this file: it sits in bench/, and
// Node resolves its imports from here, with the same ESM conditions a plain
// `import` would use. Plain ESM so it needs no build and sits where it resolves.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const requireHere = createRequire(import.meta.url);

function missing(name, error) {
  const notFound = error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND';
  return notFound
    ? new Error(`${name} is not installed in bench/node_modules: \`npm run bench\` installs the benchmark's packages on first use`)
    : error;
}

/** `import(name)` as if written in bench/. */
export async function importPeer(name) {
  try {
    return await import(name);
  } catch (error) {
    throw missing(name, error);
  }
}

/** `require(name)` as if written in bench/ (the CommonJS builds tfjs registers its backends through). */
export function requirePeer(name) {
  try {
    return requireHere(name);
  } catch (error) {
    throw missing(name, error);
  }
}

/** The file `import(name)` would load, as a path (for the libraries' .wasm files, read offline from disk). */
export function resolvePeer(name) {
  try {
    return fileURLToPath(import.meta.resolve(name));
  } catch (error) {
    throw missing(name, error);
  }
}

/** The file `require(name)` would load, as a path. */
export function requireResolvePeer(name) {
  try {
    return requireHere.resolve(name);
  } catch (error) {
    throw missing(name, error);
  }
}
