// keras.layers.Conv2D: each filter convolves every input channel and sums them.
import type { Tensor } from '../tensor.js';
import type { ConstraintIdentifier } from './constraints.js';
import { ConvLayer, type ConvLayerOptions, type WeightRole } from './conv-layer.js';
import type { InitializerIdentifier } from './initializers.js';
import { readPositiveInteger } from './layer-options.js';
import type { RegularizerIdentifier } from './regularizers.js';

export interface Conv2DOptions extends ConvLayerOptions {
  filters?: number;
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
}

export class Conv2D extends ConvLayer {
  readonly filters: number;
  protected readonly costOp = 'conv2d';

  constructor(options: Conv2DOptions) {
    super({
      className: 'Conv2D', defaultName: 'conv2d', roles: ['kernel', 'bias'], extraOptions: ['filters'],
      defaultInitializers: { kernel: 'glorot_uniform', bias: 'zeros' },
    }, options);
    this.filters = readPositiveInteger(this.label, 'filters', this.options.filters);
    this.buildFromOptions();
  }

  protected outChannels(): number {
    return this.filters;
  }

  /** kernel [kh, kw, in, filters]; bias [filters]. */
  protected weightShape(role: WeightRole, inChannels: number): number[] {
    return role === 'bias' ? [this.filters] : [...this.kernelSize, inChannels, this.filters];
  }

  protected call(x: Tensor, w: Partial<Record<WeightRole, Tensor>>): Tensor {
    return this.ops.conv2d(x, w.kernel!, this.opOptions(w.bias));
  }

  protected ownConfig() {
    return { filters: this.filters };
  }
}
