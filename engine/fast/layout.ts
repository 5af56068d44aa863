// Moving tensors in and out of the engine's memory. The kernels compute in
// NHWC; a channels-first tensor is transposed on the way in and out.
import { Tensor, sizeOf } from '../tensor.js';
import { applyActivation, type Activation } from '../activations.js';
import { FUSED_ACTIVATIONS } from '../wasm/params.js';
import type { ConvInfo } from '../conv-info.js';
import type { Arena } from '../wasm/arena.js';

/** Copies an op's input into the arena as NHWC; returns its byte offset. */
export function copyIn(arena: Arena, info: ConvInfo, data: Float32Array): number {
  const ptr = arena.alloc(data.length);
  const heap = arena.floats;
  const at = ptr >> 2;
  if (info.dataFormat === 'NHWC') heap.set(data, at);
  else {
    const { batch: B, inHeight: H, inWidth: W, inChannels: Ch } = info;
    const plane = H * W;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < Ch; c++) {
        const src = (b * Ch + c) * plane, dst = at + b * plane * Ch + c;
        for (let i = 0; i < plane; i++) heap[dst + i * Ch] = data[src + i];
      }
    }
  }
  return ptr;
}

/**
 * A result array of the op's output size with its pages touched (~2 µs each
 * when fresh): made while the workers compute the last job, off the
 * critical path, then filled by copyOut.
 */
export class ResultSlot {
  #array: Float32Array | null = null;

  prepare(info: ConvInfo): () => void {
    return () => {
      const out = new Float32Array(sizeOf(info.outShape));
      for (let i = 0; i < out.length; i += 1024) out[i] = 0;
      this.#array = out;
    };
  }

  take(length: number): Float32Array {
    const out = this.#array?.length === length ? this.#array : new Float32Array(length);
    this.#array = null;
    return out;
  }
}

/** Copies the NHWC result at `ptr` out in the caller's layout, then runs an activation the kernels do not fuse. */
export function copyOut(arena: Arena, info: ConvInfo, ptr: number, activation: Activation, slot: ResultSlot): Tensor {
  const n = sizeOf(info.outShape);
  const heap = arena.floats;
  const at = ptr >> 2;
  const out = slot.take(n);
  // set() from a shared buffer is a memcpy; slice() copies element by element.
  if (info.dataFormat === 'NHWC') out.set(heap.subarray(at, at + n));
  else {
    const { batch: B, outHeight: H, outWidth: W, outChannels: Ch } = info;
    const plane = H * W;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < Ch; c++) {
        const dst = (b * Ch + c) * plane, src = at + b * plane * Ch + c;
        for (let i = 0; i < plane; i++) out[dst + i] = heap[src + i * Ch];
      }
    }
  }
  if (!(activation in FUSED_ACTIVATIONS)) applyActivation(out, activation);
  return new Tensor(out, info.outShape);
}

/** `floats` zeroed words in the arena (and the 16 bytes of slack a kernel may read past them). */
export function zeros(arena: Arena, floats: number): number {
  const ptr = arena.alloc(floats);
  arena.floats.fill(0, ptr >> 2, (ptr >> 2) + floats + 4);
  return ptr;
}
