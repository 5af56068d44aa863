// `kernelbook demo` (and `npm start` until the desktop app lands): the seed
// article's two worked examples, computed by the engine's ops.
import { conv2d, depthwiseConv2d, tensor, type Tensor } from '../engine/index.js';

const json = (value: unknown) => JSON.stringify(value);

function depthwiseExample(): string[] {
  const xValues = [2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3];
  const kValues = [3, 1, -2, 2, -1, -3, 4, 5];
  const y = depthwiseConv2d(tensor(xValues, [1, 3, 3, 2]), tensor(kValues, [2, 2, 2, 1]), { strides: 1, padding: 'VALID' });
  return [
    'depthwise_conv2d: each channel convolved with its own filter, not summed',
    `  input  ${json(xValues)} as [1,3,3,2]`,
    `  kernel ${json(kValues)} as [2,2,2,1]`,
    `  strides 1, padding VALID -> ${json(y.shape)}`,
    `  ${json(y.toArray())}`,
  ];
}

// The walk-through's 5x5x3 input and filters, channel by channel. The
// article fixes x's top-left 2x2 of each channel and all of w0; the rest
// is filled in (the same values as test/engine/seed.test.ts).
const channels = [
  [[0, 1, 2, 0, 1], [0, 1, 1, 2, 0], [2, 0, 0, 1, 2], [1, 2, 0, 0, 1], [0, 0, 2, 1, 1]],
  [[1, 1, 0, 2, 2], [0, 2, 1, 0, 1], [1, 0, 2, 2, 0], [2, 1, 1, 0, 0], [0, 2, 0, 1, 2]],
  [[2, 0, 1, 1, 0], [0, 0, 2, 1, 2], [1, 1, 0, 0, 2], [0, 2, 2, 1, 0], [1, 0, 1, 2, 1]],
];
const w0 = [[[1, 1, -1], [-1, 0, 1], [-1, -1, 0]], [[-1, 0, -1], [0, 0, -1], [1, -1, 0]], [[0, 1, 0], [1, 0, 1], [0, -1, 0]]];
const w1 = [[[0, -1, 1], [1, 0, 0], [-1, 1, 1]], [[1, 1, 0], [-1, -1, 0], [0, 1, -1]], [[-1, 0, 0], [0, 1, -1], [1, 0, 1]]];

/** NHWC x and HWIO filter for the given input channels. */
function walkThroughTensors(cs: number[]): { x: Tensor; filter: Tensor } {
  const x: number[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) for (const c of cs) x.push(channels[c][i][j]);
  const f: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (const c of cs) for (const w of [w0, w1]) f.push(w[c][i][j]);
  return { x: tensor(x, [1, 5, 5, cs.length]), filter: tensor(f, [3, 3, cs.length, 2]) };
}

function conv2dWalkThrough(): string[] {
  const padding = [[1, 1], [1, 1]];
  const bias = [1, 0];
  const { x, filter } = walkThroughTensors([0, 1, 2]);
  const y = conv2d(x, filter, { strides: 2, padding, bias });
  const partial = [0, 1, 2].map((c) => {
    const one = walkThroughTensors([c]);
    return conv2d(one.x, one.filter, { strides: 2, padding }).data[0];
  });
  // One 3x3 map per filter, as the article draws them.
  const perFilter = [0, 1].map((o) => json([0, 1, 2].map((i) => [0, 1, 2].map((j) => y.data[(i * 3 + j) * 2 + o]))));
  return [
    'conv2d: each filter convolves every channel and sums them, plus its bias',
    '  input 5x5x3 zero-padded by 1 to 7x7x3, filters w0 and w1 (3x3x3), stride 2, bias [1,0]',
    `  w0 at the first position: channels give ${partial.map((p) => (p < 0 ? `(${p})` : p)).join(' + ')} + bias ${bias[0]} = ${y.data[0]}`,
    `  output ${json(y.shape)}: w0 ${perFilter[0]}, w1 ${perFilter[1]}`,
  ];
}

export async function demo(): Promise<number> {
  process.stdout.write([...depthwiseExample(), '', ...conv2dWalkThrough(), ''].join('\n'));
  return 0;
}
