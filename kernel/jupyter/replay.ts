// A signed message sent twice is refused the second time, as ipykernel does:
// whoever can read traffic on the loopback cannot forge a request, and with
// this cannot re-send one either. The memory is bounded; the oldest
// signatures are forgotten first.
const DEFAULT_LIMIT = 1 << 16;

export class SignatureHistory {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit = DEFAULT_LIMIT) {
    this.#limit = limit;
  }

  /** Records `signature`; false if it was seen before. */
  add(signature: string): boolean {
    if (this.#seen.has(signature)) return false;
    this.#seen.add(signature);
    if (this.#seen.size > this.#limit) {
      // A Set iterates in insertion order: drop the oldest tenth at once rather than one per message.
      let drop = Math.ceil(this.#limit / 10);
      for (const old of this.#seen) {
        if (drop-- <= 0) break;
        this.#seen.delete(old);
      }
    }
    return true;
  }
}
