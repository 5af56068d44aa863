// The `sampleImage` builtin: a bundled photograph as a [1, H, W, 3] tensor of
// its 8-bit values (0..255, integers, so sums of them under integer or
// sixteenth weights are exact in float32 and every explanation agrees with
// the engine bit for bit). The pictures and their licences live in
// notebooks/images/; scripts/build-images.mjs bundles them.
import { decode } from 'fast-png';
import { tensor, type Tensor } from '../../engine/tensor.js';
import { IMAGES } from './images.generated.js';

export function sampleImage(name: string): Tensor {
  const base64 = Object.hasOwn(IMAGES, name) ? IMAGES[name] : undefined;
  if (base64 === undefined) throw new Error(`sampleImage: no bundled picture ${JSON.stringify(name)}; there are ${Object.keys(IMAGES).map((n) => JSON.stringify(n)).join(', ')}`);
  const png = decode(bytes(base64));
  if (png.depth !== 8 || png.channels < 3) throw new Error(`sampleImage: ${name} is not an 8-bit RGB picture`);
  const { width, height, channels, data } = png;
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * channels + c];
  return tensor(rgb, [1, height, width, 3]);
}

function bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
