// HMAC signatures over a message's four JSON frames (header, parent header,
// metadata, content), keyed with the connection file's key. Every incoming
// message is checked before its JSON is even parsed: the ports are open to
// anyone on the machine, the key is what only the client holds.
import { createHmac, getHashes, timingSafeEqual } from 'node:crypto';

export class Signer {
  readonly #hash: string;
  readonly #key: Buffer;

  /** `scheme` is the connection file's signature_scheme, e.g. hmac-sha256. */
  constructor(scheme: string, key: string) {
    const hash = /^hmac-(.+)$/.exec(scheme)?.[1] ?? '';
    if (!getHashes().includes(hash)) throw new Error(`signature_scheme ${scheme}: ${hash || 'no hash'} is not a hash this Node knows`);
    this.#hash = hash;
    this.#key = Buffer.from(key, 'utf8');
  }

  /** An empty key means the client asked for no signatures at all (the protocol allows it). */
  get enabled(): boolean {
    return this.#key.length > 0;
  }

  /** Hex digest of the four frames, or '' when signing is off. */
  sign(frames: readonly Uint8Array[]): string {
    if (!this.enabled) return '';
    const hmac = createHmac(this.#hash, this.#key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest('hex');
  }

  /** Whether `signature` is the frames' signature, compared in constant time. */
  verify(frames: readonly Uint8Array[], signature: string): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(frames), 'ascii');
    const given = Buffer.from(signature, 'ascii');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
