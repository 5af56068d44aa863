// A bump allocator over the engine's WebAssembly.Memory: each op resets it
// and lays out its inputs, packed weights, scratch and outputs, so pages are
// reused from op to op and the memory only grows for a bigger layer.
const PAGE = 65536;
// Kernels may read up to 3 floats past a buffer; 16 bytes of slack keep
// those reads inside the allocation.
const SLACK = 16;

export class Arena {
  readonly memory: WebAssembly.Memory;
  private readonly base: number;
  private top: number;
  private f32: Float32Array;
  private i32: Int32Array;

  constructor(memory: WebAssembly.Memory, base = PAGE) {
    this.memory = memory;
    this.base = this.top = base;
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  reset(): void {
    this.top = this.base;
  }

  /** Byte offset of `floats` fresh (not zeroed) 4-byte words, 16-byte aligned. */
  alloc(floats: number): number {
    const ptr = this.top;
    this.top = (ptr + floats * 4 + SLACK + 15) & ~15;
    this.cover(this.top);
    return ptr;
  }

  /**
   * Grows the memory to hold bytes below `end`. Growing replaces the buffer
   * (and detaches a private one), so a view taken before a grow must not be
   * written after it: take `floats` and `ints` afresh after every alloc.
   */
  cover(end: number): void {
    const need = Math.ceil(end / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (need > 0) this.memory.grow(need);
  }

  get floats(): Float32Array {
    if (this.f32.buffer !== this.memory.buffer || this.f32.length * 4 !== this.memory.buffer.byteLength) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return this.f32;
  }

  get ints(): Int32Array {
    void this.floats;
    return this.i32;
  }
}
