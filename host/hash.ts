// The version of a file's text that saves and trust refer to: SHA-256 of its
// UTF-8 bytes, hex. The renderer never computes it; it only hands back what a
// host gave it, so the two cannot disagree about encodings.
import { createHash } from 'node:crypto';

export function contentHash(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
