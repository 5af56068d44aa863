// HostErrors on the Node side. The contract's own helpers (renderer/host.ts)
// compile into dist/renderer/, which the renderer's build replaces wholesale,
// so the Node side keeps its own copy of these few lines and imports only
// types from the contract; the Record below makes the compiler list every
// HostErrorCode here, so the two cannot drift.
import type { HostError, HostErrorCode } from '../renderer/host.js';

const CODES: Record<HostErrorCode, true> = {
  CONFLICT: true, NOT_FOUND: true, FORBIDDEN: true, BAD_REQUEST: true, UNAUTHORIZED: true, UNAVAILABLE: true, IO: true,
};

export function hostError(code: HostErrorCode, message: string): HostError {
  return Object.assign(new Error(message), { name: 'HostError', code });
}

/** Node's own errors carry string codes too ('ENOENT'), so the code is checked against the contract's. */
export function isHostError(error: unknown): error is HostError {
  const code = (error as HostError | null)?.code;
  return error instanceof Error && typeof code === 'string' && Object.hasOwn(CODES, code);
}
