// keras.layers.SeparableConv2D (tf.layers.separable_conv2d): a depthwise
// convolution, then a 1x1 convolution mixing its in*M channels into `filters`.
import type { Tensor } from '../tensor.js';
import type { ConstraintIdentifier } from './constraints.js';
import { ConvLayer, type ConvLayerOptions, type WeightRole } from './conv-layer.js';
import type { InitializerIdentifier } from './initializers.js';
import { readPositiveInteger } from './layer-options.js';
import type { RegularizerIdentifier } from './regularizers.js';

export interface SeparableConv2DOptions extends ConvLayerOptions {
  filters?: number;
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

export class SeparableConv2D extends ConvLayer {
  readonly filters: number;
  readonly depthMultiplier: number;
  protected readonly costOp = 'separableConv2d';

  constructor(options: SeparableConv2DOptions) {
    super({
      className: 'SeparableConv2D', defaultName: 'separable_conv2d', roles: ['depthwise', 'pointwise', 'bias'],
      extraOptions: ['filters', 'depthMultiplier'],
      defaultInitializers: { depthwise: 'glorot_uniform', pointwise: 'glorot_uniform', bias: 'zeros' },
    }, options);
    this.filters = readPositiveInteger(this.label, 'filters', this.options.filters);
    this.depthMultiplier = readPositiveInteger(this.label, 'depthMultiplier', this.options.depthMultiplier, 1);
    this.buildFromOptions();
  }

  protected outChannels(): number {
    return this.filters;
  }

  /** depthwise_kernel [kh, kw, in, M]; pointwise_kernel [1, 1, in*M, filters]; bias [filters]. */
  protected weightShape(role: WeightRole, inChannels: number): number[] {
    if (role === 'depthwise') return [...this.kernelSize, inChannels, this.depthMultiplier];
    if (role === 'pointwise') return [1, 1, inChannels * this.depthMultiplier, this.filters];
    return [this.filters];
  }

  protected call(x: Tensor, w: Partial<Record<WeightRole, Tensor>>): Tensor {
    return this.ops.separableConv2d(x, w.depthwise!, w.pointwise!, this.opOptions(w.bias));
  }

  protected ownConfig() {
    return { filters: this.filters, depthMultiplier: this.depthMultiplier };
  }
}
