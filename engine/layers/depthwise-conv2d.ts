// keras.layers.DepthwiseConv2D: each input channel gets depthMultiplier
// filters of its own and nothing is summed across channels.
import type { Tensor } from '../tensor.js';
import type { ConstraintIdentifier } from './constraints.js';
import { ConvLayer, type ConvLayerOptions, type WeightRole } from './conv-layer.js';
import type { InitializerIdentifier } from './initializers.js';
import { readPositiveInteger } from './layer-options.js';
import type { RegularizerIdentifier } from './regularizers.js';

export interface DepthwiseConv2DOptions extends ConvLayerOptions {
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
}

export class DepthwiseConv2D extends ConvLayer {
  readonly depthMultiplier: number;
  protected readonly costOp = 'depthwiseConv2d';

  constructor(options: DepthwiseConv2DOptions) {
    super({
      className: 'DepthwiseConv2D', defaultName: 'depthwise_conv2d', roles: ['depthwise', 'bias'], extraOptions: ['depthMultiplier'],
      defaultInitializers: { depthwise: 'glorot_uniform', bias: 'zeros' },
    }, options);
    this.depthMultiplier = readPositiveInteger(this.label, 'depthMultiplier', this.options.depthMultiplier, 1);
    this.buildFromOptions();
  }

  protected outChannels(inChannels: number): number {
    return inChannels * this.depthMultiplier;
  }

  /** depthwise_kernel [kh, kw, in, M]; bias [in * M] (output channel c*M + m). */
  protected weightShape(role: WeightRole, inChannels: number): number[] {
    return role === 'bias' ? [inChannels * this.depthMultiplier] : [...this.kernelSize, inChannels, this.depthMultiplier];
  }

  protected call(x: Tensor, w: Partial<Record<WeightRole, Tensor>>): Tensor {
    return this.ops.depthwiseConv2d(x, w.depthwise!, this.opOptions(w.bias));
  }

  protected ownConfig() {
    return { depthMultiplier: this.depthMultiplier };
  }
}
