// Op bodies: a validated call (from the reference's own prepareConv,
// prepareSeparable and prepareChain, so every engine accepts and refuses the
// same arguments) turned into the jobs that compute it. Each body starts the
// arena over, copies its input in once, yields its stages' jobs, and copies
// the result out once.
import { Tensor, sizeOf, type Tensor as TensorType } from '../tensor.js';
import { applyActivation, type Activation } from '../activations.js';
import type { ConvInfo } from '../conv-info.js';
import type { ConvCall, SeparableCall, StageCall } from '../ops.js';
import { conv2dReference, pointwiseReference } from '../reference/index.js';
import { FUSED_ACTIVATIONS } from '../wasm/params.js';
import type { OpRun } from './job.js';
import { copyIn, copyOut, ResultSlot } from './layout.js';
import { depthwiseStage, gemmPacking, gemmStage, referenceStage, separableStages } from './stages.js';
import type { OpContext } from './workspace.js';

/** A whole chain, validated: its input and every stage. */
export interface ChainCall {
  op: 'chain';
  x: TensorType;
  stages: StageCall[];
}

/** Any call the fast engines run. */
export type Call = ConvCall | SeparableCall | ChainCall;

export function plan(ctx: OpContext, call: Call): OpRun<Tensor> {
  switch (call.op) {
    case 'conv2d':
    case 'pointwiseConv2d': return gemmOp(ctx, call);
    case 'depthwiseConv2d': return depthwiseOp(ctx, call);
    case 'separableConv2d': return separableOp(ctx, call);
    case 'chain': return chainOp(ctx, call);
  }
}

/** Copies the result out, timed as the epilogue. */
function finish(ctx: OpContext, info: ConvInfo, at: number, activation: Activation, slot: ResultSlot): Tensor {
  const t0 = performance.now();
  const y = copyOut(ctx.arena, info, at, activation, slot);
  ctx.observer.phase('epilogue', performance.now() - t0);
  return y;
}

function input(ctx: OpContext, info: ConvInfo, data: Float32Array): number {
  const t0 = performance.now();
  const at = copyIn(ctx.arena, info, data);
  ctx.observer.phase('packing', performance.now() - t0);
  return at;
}

function* gemmOp(ctx: OpContext, call: ConvCall): OpRun<Tensor> {
  const { info, x, filter, bias, activation } = call;
  ctx.arena.reset();
  const w = gemmPacking(ctx, info, filter.data);
  // A non-finite weight meeting padding must be skipped, as the reference does.
  if (!w.finite) {
    const out = new Float32Array(sizeOf(info.outShape));
    (call.op === 'conv2d' ? conv2dReference : pointwiseReference)(info, x.data, filter.data, out, bias, activation);
    return new Tensor(out, info.outShape);
  }
  const at = input(ctx, info, x.data);
  const slot = new ResultSlot();
  const out = yield* gemmStage(ctx, info, at, w.ptr, bias, activation, call.op === 'conv2d' ? 'conv' : 'pointwise', slot.prepare(info));
  return finish(ctx, info, out, activation, slot);
}

function* depthwiseOp(ctx: OpContext, call: ConvCall): OpRun<Tensor> {
  const { info, x, filter, bias, activation } = call;
  ctx.arena.reset();
  const at = input(ctx, info, x.data);
  const slot = new ResultSlot();
  const out = yield* depthwiseStage(ctx, info, at, filter.data, bias, activation, slot.prepare(info));
  return finish(ctx, info, out, activation, slot);
}

function* separableOp(ctx: OpContext, call: SeparableCall): OpRun<Tensor> {
  const { depthwise, pointwise, x, bias, activation } = call;
  ctx.arena.reset();
  const at = input(ctx, depthwise, x.data);
  const slot = new ResultSlot();
  const out = yield* separableStages(ctx, depthwise, pointwise, at, call.depthwiseFilter.data, call.pointwiseFilter.data, bias, activation, slot.prepare(pointwise));
  return finish(ctx, pointwise, out, activation, slot);
}

/**
 * A chain: the input copied in once, every stage reading the one before's
 * NHWC result where it lies in the arena, one copy out at the end.
 */
function* chainOp(ctx: OpContext, call: ChainCall): OpRun<Tensor> {
  const { stages } = call;
  ctx.arena.reset();
  const first = stages[0];
  let at = input(ctx, first.op === 'separableConv2d' ? first.depthwise : first.info, call.x.data);
  const slot = new ResultSlot();
  let info!: ConvInfo;
  let pending: Activation = 'linear';
  for (const [i, stage] of stages.entries()) {
    const last = i === stages.length - 1;
    info = stage.op === 'separableConv2d' ? stage.pointwise : stage.info;
    const meanwhile = last ? slot.prepare(info) : undefined;
    // Activations the kernels do not fuse are applied in place (the last by copyOut).
    pending = stage.activation in FUSED_ACTIVATIONS ? 'linear' : stage.activation;
    if (stage.op === 'separableConv2d') {
      at = yield* separableStages(ctx, stage.depthwise, stage.pointwise, at, stage.depthwiseFilter.data, stage.pointwiseFilter.data, stage.bias, stage.activation, meanwhile);
    } else if (stage.op === 'depthwiseConv2d') {
      at = yield* depthwiseStage(ctx, stage.info, at, stage.filter.data, stage.bias, stage.activation, meanwhile);
    } else {
      const w = gemmPacking(ctx, stage.info, stage.filter.data);
      if (w.finite) {
        at = yield* gemmStage(ctx, stage.info, at, w.ptr, stage.bias, stage.activation, stage.op === 'conv2d' ? 'conv' : 'pointwise', meanwhile);
      } else {
        at = referenceStage(ctx, stage, at);
        pending = 'linear';
        meanwhile?.();
      }
    }
    if (!last && pending !== 'linear') {
      applyActivation(ctx.arena.floats.subarray(at >> 2, (at >> 2) + sizeOf(info.outShape)), pending);
    }
  }
  return finish(ctx, info, at, pending, slot);
}
