// Names for the layers a notebook makes without one.
//
// Keras names unnamed layers conv2d, conv2d_1, ... in creation order for the
// life of the process, and Kernelbook seeds a layer's weights from its name.
// In a reactive notebook that order is not stable: a cell re-run by a slider
// would build conv2d_2, conv2d_3, ... and show new random weights on every
// move. So a notebook keeps each cell's names: the n-th unnamed layer of a kind
// that a cell makes has the same name on every run of that cell, names stay
// unique across cells, and a restart starts numbering over (as Keras's
// clear_session does).

/** Keras's default name stem of each layer class the `engine` builtin offers. */
export const LAYER_STEMS = { Conv2D: 'conv2d', DepthwiseConv2D: 'depthwise_conv2d', SeparableConv2D: 'separable_conv2d' } as const;

export class LayerNames {
  readonly #counts = new Map<string, number>();
  /** Per cell, per stem: the names its runs have handed out, in order. */
  readonly #byCell = new Map<string, Map<string, string[]>>();

  /** The namer for one run of a cell: call it once per unnamed layer, with the layer's stem. */
  forRun(cellId: string): (stem: string) => string {
    let kept = this.#byCell.get(cellId);
    if (!kept) this.#byCell.set(cellId, (kept = new Map()));
    const used = new Map<string, number>();
    return (stem) => {
      const index = used.get(stem) ?? 0;
      used.set(stem, index + 1);
      let names = kept.get(stem);
      if (!names) kept.set(stem, (names = []));
      if (index === names.length) names.push(this.#fresh(stem));
      return names[index];
    };
  }

  #fresh(stem: string): string {
    const n = this.#counts.get(stem) ?? 0;
    this.#counts.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  }
}
