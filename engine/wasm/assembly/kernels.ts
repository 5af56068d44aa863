// Convolution microkernels in AssemblyScript, compiled to WebAssembly SIMD.
//
// Each kernel is a pure function of a parameter block (i32 words at `p`, laid
// out as in engine/wasm/params.ts) and a tile index, so a pool of threads can
// share one job: each thread grabs tile indices from an atomic counter and
// calls the kernel. No kernel allocates; every buffer lives in the imported
// (shared) memory, laid out by the engine. Activations are NHWC; channel
// loads may read up to 3 floats past a buffer, so the engine leaves 16 bytes
// of slack after each one. Stores never touch a value outside the output.
//
// One source, two binaries: built with `--enable relaxed-simd` the
// multiply-adds become f32x4.relaxed_madd (a fused multiply-add on x64).

// Parameter block (keep in step with engine/wasm/params.ts).
const P_IN = 0;
const P_W = 1;
const P_BIAS = 2;
const P_OUT = 3;
const P_ZERO = 4;
const P_BATCH = 5;
const P_IH = 6;
const P_IW = 7;
const P_IC = 8;
const P_OH = 9;
const P_OW = 10;
const P_OC = 11;
const P_KH = 12;
const P_KW = 13;
const P_SH = 14;
const P_SW = 15;
const P_DH = 16;
const P_DW = 17;
const P_PT = 18;
const P_PL = 19;
const P_ACT = 20;
const P_HASBIAS = 21;
const P_M = 22;
const P_TILEROWS = 23;
const P_COLGROUPS = 24;
const P_GROUPCOLS = 25;
const P_C4 = 26;
const P_DIRECT = 27;
const P_SCRATCH = 28;
const P_OFFS = 32;

const ACT_RELU = 1;
const ACT_RELU6 = 2;

@inline function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

// Bias then activation, as the reference rounds them: the sum is complete
// before the bias is added, and no bias means no addition (0 + -0 is +0).
@inline function finish(acc: v128, bias: usize, hasBias: i32, act: i32): v128 {
  if (hasBias) acc = f32x4.add(acc, v128.load(bias));
  if (act == ACT_RELU) acc = f32x4.max(acc, f32x4.splat(0));
  else if (act == ACT_RELU6) acc = f32x4.min(f32x4.max(acc, f32x4.splat(0)), f32x4.splat(6));
  return acc;
}

// Stores the first n (1..4) lanes of v.
@inline function storeLanes(ptr: usize, v: v128, n: i32): void {
  if (n >= 4) { v128.store(ptr, v); return; }
  store<f32>(ptr, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(ptr, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(ptr, f32x4.extract_lane(v, 2), 8);
}

// Stores lanes of v as output channels (c + l) * M + m, l < n.
@inline function storeStrided(ptr: usize, v: v128, n: i32, step: usize): void {
  store<f32>(ptr, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(ptr + step, f32x4.extract_lane(v, 1));
  if (n > 2) store<f32>(ptr + 2 * step, f32x4.extract_lane(v, 2));
  if (n > 3) store<f32>(ptr + 3 * step, f32x4.extract_lane(v, 3));
}

// ---------------------------------------------------------------- depthwise
//
// Tile = one output row (batch * outHeight tiles). Filters are packed as
// [tap][M][C4] (C4 = channels rounded up to 4, zero-filled) and biases as
// [M][C4]. Pixels whose whole window is inside the input take the fast paths
// (tap offsets precomputed at P_OFFS, dilation included); border pixels skip
// the taps that fall in the padding, exactly as the reference does.

// One border pixel, any filter size and multiplier.
function dwBorderPixel(p: usize, inB: usize, iy0: i32, ix0: i32, out: usize): void {
  const C = param(p, P_IC), C4 = param(p, P_C4), M = param(p, P_M);
  const IH = param(p, P_IH), IW = param(p, P_IW);
  const KH = param(p, P_KH), KW = param(p, P_KW), DH = param(p, P_DH), DW = param(p, P_DW);
  const w = <usize>param(p, P_W), bias = <usize>param(p, P_BIAS);
  const hasBias = param(p, P_HASBIAS), act = param(p, P_ACT);
  const tapStride = <usize>(M * C4) << 2;
  let c0 = 0;
  if (M == 1) {
    // 16 channels a step on four chains, as the interior paths.
    for (; c0 + 16 <= C; c0 += 16) {
      const cb = <usize>c0 << 2;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let fy = 0; fy < KH; fy++) {
        const iy = iy0 + fy * DH;
        if (iy < 0 || iy >= IH) continue;
        for (let fx = 0; fx < KW; fx++) {
          const ix = ix0 + fx * DW;
          if (ix < 0 || ix >= IW) continue;
          const x = inB + ((<usize>((iy * IW + ix) * C)) << 2) + cb;
          const wk = w + <usize>(fy * KW + fx) * tapStride + cb;
          a0 = madd(v128.load(x), v128.load(wk), a0);
          a1 = madd(v128.load(x, 16), v128.load(wk, 16), a1);
          a2 = madd(v128.load(x, 32), v128.load(wk, 32), a2);
          a3 = madd(v128.load(x, 48), v128.load(wk, 48), a3);
        }
      }
      const bb = bias + cb, o = out + cb;
      v128.store(o, finish(a0, bb, hasBias, act));
      v128.store(o, finish(a1, bb + 16, hasBias, act), 16);
      v128.store(o, finish(a2, bb + 32, hasBias, act), 32);
      v128.store(o, finish(a3, bb + 48, hasBias, act), 48);
    }
  }
  for (let c = c0; c < C; c += 4) {
    const cb = <usize>c << 2;
    for (let m = 0; m < M; m++) {
      let acc = f32x4.splat(0);
      const wm = w + ((<usize>(m * C4)) << 2) + cb;
      for (let fy = 0; fy < KH; fy++) {
        const iy = iy0 + fy * DH;
        if (iy < 0 || iy >= IH) continue;
        for (let fx = 0; fx < KW; fx++) {
          const ix = ix0 + fx * DW;
          if (ix < 0 || ix >= IW) continue;
          const x = v128.load(inB + ((<usize>((iy * IW + ix) * C)) << 2) + cb);
          acc = madd(x, v128.load(wm + <usize>(fy * KW + fx) * tapStride), acc);
        }
      }
      acc = finish(acc, bias + ((<usize>(m * C4)) << 2) + cb, hasBias, act);
      if (M == 1) storeLanes(out + cb, acc, C - c);
      else storeStrided(out + ((<usize>(c * M + m)) << 2), acc, C - c, <usize>M << 2);
    }
  }
}

@inline function dwRow(p: usize, t: i32, kind: i32): void {
  const OH = param(p, P_OH), OW = param(p, P_OW), OC = param(p, P_OC);
  const IH = param(p, P_IH), IW = param(p, P_IW), C = param(p, P_IC), C4 = param(p, P_C4);
  const KH = param(p, P_KH), KW = param(p, P_KW);
  const SH = param(p, P_SH), SW = param(p, P_SW), DH = param(p, P_DH), DW = param(p, P_DW);
  const M = param(p, P_M);
  const b = t / OH, oy = t % OH;
  const iy0 = oy * SH - param(p, P_PT);
  const rowInside = iy0 >= 0 && iy0 + (KH - 1) * DH < IH;
  const inB = <usize>param(p, P_IN) + ((<usize>(b * IH * IW * C)) << 2);
  const outRow = <usize>param(p, P_OUT) + ((<usize>(t * OW * OC)) << 2);
  const w = <usize>param(p, P_W), bias = <usize>param(p, P_BIAS);
  const hasBias = param(p, P_HASBIAS), act = param(p, P_ACT);
  const offs = p + (<usize>P_OFFS << 2);
  const taps = KH * KW;
  const tapStride = <usize>(M * C4) << 2;
  const pixelBytes = <usize>C << 2;
  // The 3x3 tap offsets, held in locals for the whole row.
  const o0 = <usize>load<i32>(offs), o1 = <usize>load<i32>(offs, 4), o2 = <usize>load<i32>(offs, 8);
  const o3 = <usize>load<i32>(offs, 12), o4 = <usize>load<i32>(offs, 16), o5 = <usize>load<i32>(offs, 20);
  const o6 = <usize>load<i32>(offs, 24), o7 = <usize>load<i32>(offs, 28), o8 = <usize>load<i32>(offs, 32);
  const lastX = (KW - 1) * DW;
  for (let ox = 0; ox < OW; ox++) {
    const ix0 = ox * SW - param(p, P_PL);
    const out = outRow + ((<usize>(ox * OC)) << 2);
    if (!rowInside || ix0 < 0 || ix0 + lastX >= IW) {
      dwBorderPixel(p, inB, iy0, ix0, out);
      continue;
    }
    const base = inB + <usize>(iy0 * IW + ix0) * pixelBytes;
    // 16 channels a step: four independent accumulator chains hide the FMA
    // latency (one chain waits ~4 cycles per tap). Sums keep the reference's
    // tap order, so results do not depend on the step.
    let c0 = 0;
    if (kind == 3 && ox + 1 < OW && ix0 + SW + lastX < IW) {
      // Multiplier 2, two neighbouring pixels: each pair of weight loads feeds
      // four multiply-adds on four chains (one pixel: two, on two chains).
      const base1 = base + <usize>SW * pixelBytes;
      const out1 = out + ((<usize>OC) << 2);
      const half = (<usize>C4) << 2;
      for (let c = 0; c < C; c += 4) {
        const cb = <usize>c << 2;
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
        let wk = w + cb;
        if (taps == 9) {
          // 3x3: the tap offsets stay in locals.
          const p0 = base + cb, p1 = base1 + cb;
          let w0 = v128.load(wk), w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o0), w0, a0); a1 = madd(v128.load(p0 + o0), w1, a1);
          b0 = madd(v128.load(p1 + o0), w0, b0); b1 = madd(v128.load(p1 + o0), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o1), w0, a0); a1 = madd(v128.load(p0 + o1), w1, a1);
          b0 = madd(v128.load(p1 + o1), w0, b0); b1 = madd(v128.load(p1 + o1), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o2), w0, a0); a1 = madd(v128.load(p0 + o2), w1, a1);
          b0 = madd(v128.load(p1 + o2), w0, b0); b1 = madd(v128.load(p1 + o2), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o3), w0, a0); a1 = madd(v128.load(p0 + o3), w1, a1);
          b0 = madd(v128.load(p1 + o3), w0, b0); b1 = madd(v128.load(p1 + o3), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o4), w0, a0); a1 = madd(v128.load(p0 + o4), w1, a1);
          b0 = madd(v128.load(p1 + o4), w0, b0); b1 = madd(v128.load(p1 + o4), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o5), w0, a0); a1 = madd(v128.load(p0 + o5), w1, a1);
          b0 = madd(v128.load(p1 + o5), w0, b0); b1 = madd(v128.load(p1 + o5), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o6), w0, a0); a1 = madd(v128.load(p0 + o6), w1, a1);
          b0 = madd(v128.load(p1 + o6), w0, b0); b1 = madd(v128.load(p1 + o6), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o7), w0, a0); a1 = madd(v128.load(p0 + o7), w1, a1);
          b0 = madd(v128.load(p1 + o7), w0, b0); b1 = madd(v128.load(p1 + o7), w1, b1);
          wk += tapStride; w0 = v128.load(wk); w1 = v128.load(wk + half);
          a0 = madd(v128.load(p0 + o8), w0, a0); a1 = madd(v128.load(p0 + o8), w1, a1);
          b0 = madd(v128.load(p1 + o8), w0, b0); b1 = madd(v128.load(p1 + o8), w1, b1);
        } else {
          for (let k = 0; k < taps; k++) {
            const off = <usize>load<i32>(offs + (<usize>k << 2)) + cb;
            const w0 = v128.load(wk), w1 = v128.load(wk + half);
            const x0 = v128.load(base + off), x1 = v128.load(base1 + off);
            a0 = madd(x0, w0, a0); a1 = madd(x0, w1, a1);
            b0 = madd(x1, w0, b0); b1 = madd(x1, w1, b1);
            wk += tapStride;
          }
        }
        const n = (C - c) * 2;
        a0 = finish(a0, bias + cb, hasBias, act); a1 = finish(a1, bias + half + cb, hasBias, act);
        b0 = finish(b0, bias + cb, hasBias, act); b1 = finish(b1, bias + half + cb, hasBias, act);
        const o = out + (cb << 1), o1 = out1 + (cb << 1);
        storeLanes(o, v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), n);
        if (n > 4) storeLanes(o + 16, v128.shuffle<f32>(a0, a1, 2, 6, 3, 7), n - 4);
        storeLanes(o1, v128.shuffle<f32>(b0, b1, 0, 4, 1, 5), n);
        if (n > 4) storeLanes(o1 + 16, v128.shuffle<f32>(b0, b1, 2, 6, 3, 7), n - 4);
      }
      ox++;
      continue;
    }
    if (M == 1 && (C & 7) == 0 && ox + 1 < OW && rowInside && ix0 + SW + lastX < IW) {
      // Two neighbouring pixels, 8 channels a step: each weight load feeds
      // two pixels, and four chains hide the FMA latency.
      const base1 = base + <usize>SW * pixelBytes;
      const out1 = out + ((<usize>OC) << 2);
      for (; c0 + 8 <= C; c0 += 8) {
        const cb = <usize>c0 << 2;
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
        let wk = w + cb;
        for (let k = 0; k < taps; k++) {
          const off = <usize>load<i32>(offs + (<usize>k << 2)) + cb;
          const w0 = v128.load(wk), w1 = v128.load(wk, 16);
          a0 = madd(v128.load(base + off), w0, a0);
          a1 = madd(v128.load(base + off, 16), w1, a1);
          b0 = madd(v128.load(base1 + off), w0, b0);
          b1 = madd(v128.load(base1 + off, 16), w1, b1);
          wk += tapStride;
        }
        const bb = bias + cb;
        v128.store(out + cb, finish(a0, bb, hasBias, act));
        v128.store(out + cb, finish(a1, bb + 16, hasBias, act), 16);
        v128.store(out1 + cb, finish(b0, bb, hasBias, act));
        v128.store(out1 + cb, finish(b1, bb + 16, hasBias, act), 16);
      }
      ox++;
      continue;
    }
    if (M == 1) {
      for (; c0 + 16 <= C; c0 += 16) {
        const cb = <usize>c0 << 2;
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        let wk = w + cb;
        for (let k = 0; k < taps; k++) {
          const x = base + cb + <usize>load<i32>(offs + (<usize>k << 2));
          a0 = madd(v128.load(x), v128.load(wk), a0);
          a1 = madd(v128.load(x, 16), v128.load(wk, 16), a1);
          a2 = madd(v128.load(x, 32), v128.load(wk, 32), a2);
          a3 = madd(v128.load(x, 48), v128.load(wk, 48), a3);
          wk += tapStride;
        }
        const bb = bias + cb, o = out + cb;
        v128.store(o, finish(a0, bb, hasBias, act));
        v128.store(o, finish(a1, bb + 16, hasBias, act), 16);
        v128.store(o, finish(a2, bb + 32, hasBias, act), 32);
        v128.store(o, finish(a3, bb + 48, hasBias, act), 48);
      }
    }
    if (kind == 0) {
      // dwconv 3x3, 4 channels a step, weights [9][C4].
      for (let c = c0; c < C; c += 4) {
        const cb = <usize>c << 2;
        const x = base + cb, wk = w + cb;
        let acc = f32x4.splat(0);
        acc = madd(v128.load(x + o0), v128.load(wk), acc);
        acc = madd(v128.load(x + o1), v128.load(wk + tapStride), acc);
        acc = madd(v128.load(x + o2), v128.load(wk + 2 * tapStride), acc);
        acc = madd(v128.load(x + o3), v128.load(wk + 3 * tapStride), acc);
        acc = madd(v128.load(x + o4), v128.load(wk + 4 * tapStride), acc);
        acc = madd(v128.load(x + o5), v128.load(wk + 5 * tapStride), acc);
        acc = madd(v128.load(x + o6), v128.load(wk + 6 * tapStride), acc);
        acc = madd(v128.load(x + o7), v128.load(wk + 7 * tapStride), acc);
        acc = madd(v128.load(x + o8), v128.load(wk + 8 * tapStride), acc);
        storeLanes(out + cb, finish(acc, bias + cb, hasBias, act), C - c);
      }
    } else if (kind == 1) {
      // dwconv 5x5: rows from the offset table, the five columns unrolled.
      const colStep = (<usize>(DW * C)) << 2;
      for (let c = c0; c < C; c += 4) {
        const cb = <usize>c << 2;
        let acc = f32x4.splat(0);
        let wk = w + cb;
        for (let fy = 0; fy < 5; fy++) {
          const x = base + cb + <usize>load<i32>(offs + (<usize>(fy * 5) << 2));
          acc = madd(v128.load(x), v128.load(wk), acc);
          acc = madd(v128.load(x + colStep), v128.load(wk + tapStride), acc);
          acc = madd(v128.load(x + 2 * colStep), v128.load(wk + 2 * tapStride), acc);
          acc = madd(v128.load(x + 3 * colStep), v128.load(wk + 3 * tapStride), acc);
          acc = madd(v128.load(x + 4 * colStep), v128.load(wk + 4 * tapStride), acc);
          wk += 5 * tapStride;
        }
        storeLanes(out + cb, finish(acc, bias + cb, hasBias, act), C - c);
      }
    } else if (kind == 2) {
      // dwconv any size, multiplier 1: the tap loop reads the offset table.
      for (let c = c0; c < C; c += 4) {
        const cb = <usize>c << 2;
        let acc = f32x4.splat(0);
        let wk = w + cb;
        for (let k = 0; k < taps; k++) {
          acc = madd(v128.load(base + cb + <usize>load<i32>(offs + (<usize>k << 2))), v128.load(wk), acc);
          wk += tapStride;
        }
        storeLanes(out + cb, finish(acc, bias + cb, hasBias, act), C - c);
      }
    } else if (kind == 3) {
      // dwconv multiplier 2: both multipliers from one input load, stored
      // interleaved (output channel c * 2 + m) with two shuffles.
      const half = (<usize>C4) << 2;
      for (let c = 0; c < C; c += 4) {
        const cb = <usize>c << 2;
        let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
        let wk = w + cb;
        for (let k = 0; k < taps; k++) {
          const x = v128.load(base + cb + <usize>load<i32>(offs + (<usize>k << 2)));
          acc0 = madd(x, v128.load(wk), acc0);
          acc1 = madd(x, v128.load(wk + half), acc1);
          wk += tapStride;
        }
        acc0 = finish(acc0, bias + cb, hasBias, act);
        acc1 = finish(acc1, bias + half + cb, hasBias, act);
        const lo = v128.shuffle<f32>(acc0, acc1, 0, 4, 1, 5);
        const hi = v128.shuffle<f32>(acc0, acc1, 2, 6, 3, 7);
        const n = (C - c) * 2;
        const o = out + (cb << 1);
        storeLanes(o, lo, n);
        if (n > 4) storeLanes(o + 16, hi, n - 4);
      }
    } else {
      // dwconv any multiplier: one pass per multiplier, lanes stored strided.
      const step = <usize>M << 2;
      for (let c = 0; c < C; c += 4) {
        const cb = <usize>c << 2;
        for (let m = 0; m < M; m++) {
          let acc = f32x4.splat(0);
          let wk = w + ((<usize>(m * C4)) << 2) + cb;
          for (let k = 0; k < taps; k++) {
            acc = madd(v128.load(base + cb + <usize>load<i32>(offs + (<usize>k << 2))), v128.load(wk), acc);
            wk += tapStride;
          }
          acc = finish(acc, bias + ((<usize>(m * C4)) << 2) + cb, hasBias, act);
          storeStrided(out + ((<usize>(c * M + m)) << 2), acc, C - c, step);
        }
      }
    }
  }
}

export function dwconv_3x3_row(p: usize, t: i32): void { dwRow(p, t, 0); }
export function dwconv_5x5_row(p: usize, t: i32): void { dwRow(p, t, 1); }
export function dwconv_taps_row(p: usize, t: i32): void { dwRow(p, t, 2); }
export function dwconv_m2_row(p: usize, t: i32): void { dwRow(p, t, 3); }
export function dwconv_mx_row(p: usize, t: i32): void { dwRow(p, t, 4); }

// ----------------------------------------------------------------- igemm 4x8
//
// Convolution as an indirect GEMM: output pixel = row, output channel =
// column, K = taps * inChannels in the filter's HWIO order (so sums run in
// the reference's order). Weights are packed [N/8][K][8], zero-filled past N;
// the bias is padded to a multiple of 8. A tap in the padding reads the zero
// buffer. Tile = (block of P_TILEROWS pixels, group of P_GROUPCOLS columns).
// Convolutions with few input channels (the 3-channel first layer) gather
// each tile's patches (im2col) into a scratch slot and take the direct path:
// igemm's per-tap pointer work would outweigh their few multiply-adds.
// The 4x8 register tile keeps 8 accumulators + 2 weight vectors + 1 input
// splat in V8's 15 xmm registers; rows past the end repeat the last row
// (same values to the same place) instead of branching.

@inline function rowBase(p: usize, pix: i32): usize {
  // Pointer to input pixel (b, oy*SH - PT, ox*SW - PL), possibly outside the input.
  const OH = param(p, P_OH), OW = param(p, P_OW);
  const IH = param(p, P_IH), IW = param(p, P_IW), IC = param(p, P_IC);
  const b = pix / (OH * OW), r = pix % (OH * OW);
  const iy = (r / OW) * param(p, P_SH) - param(p, P_PT);
  const ix = (r % OW) * param(p, P_SW) - param(p, P_PL);
  return <usize>param(p, P_IN) + ((<usize>(((b * IH + iy) * IW + ix) * IC)) << 2);
}

@inline function tapPtr(p: usize, pix: i32, fy: i32, fx: i32, base: usize, off: i32): usize {
  const OH = param(p, P_OH), OW = param(p, P_OW);
  const r = pix % (OH * OW);
  const iy = (r / OW) * param(p, P_SH) - param(p, P_PT) + fy * param(p, P_DH);
  const ix = (r % OW) * param(p, P_SW) - param(p, P_PL) + fx * param(p, P_DW);
  if (iy < 0 || iy >= param(p, P_IH) || ix < 0 || ix >= param(p, P_IW)) return <usize>param(p, P_ZERO);
  return base + <usize>off;
}

@inline function store8(c: usize, a: v128, b: v128, bias: usize, hasBias: i32, act: i32, nc: i32): void {
  a = finish(a, bias, hasBias, act);
  b = finish(b, bias + 16, hasBias, act);
  if (nc >= 8) { v128.store(c, a); v128.store(c, b, 16); }
  else if (nc > 4) { v128.store(c, a); storeLanes(c + 16, b, nc - 4); }
  else storeLanes(c, a, nc);
}

// Copies n floats; memory.copy calls out of wasm, too slow for a few floats.
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

@inline function zeroFloats(dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

// im2col for one block of output pixels: each pixel's patch as a row of
// K = taps * inChannels floats in the filter's order, zeros in the padding.
// A filter row whose taps are all inside (dilation 1) is one contiguous run.
function gatherPatches(p: usize, p0: i32, pEnd: i32, dst: usize): void {
  const OH = param(p, P_OH), OW = param(p, P_OW);
  const IH = param(p, P_IH), IW = param(p, P_IW), IC = param(p, P_IC);
  const KH = param(p, P_KH), KW = param(p, P_KW);
  const SH = param(p, P_SH), SW = param(p, P_SW), DH = param(p, P_DH), DW = param(p, P_DW);
  const PT = param(p, P_PT), PL = param(p, P_PL);
  const icBytes = <usize>IC << 2;
  const runFloats = KW * IC;
  const inBase = <usize>param(p, P_IN);
  for (let pix = p0; pix < pEnd; pix++) {
    const b = pix / (OH * OW), r = pix % (OH * OW);
    const iy0 = (r / OW) * SH - PT, ix0 = (r % OW) * SW - PL;
    const inB = inBase + <usize>(b * IH * IW) * icBytes;
    const rowInside = ix0 >= 0 && ix0 + (KW - 1) * DW < IW;
    for (let fy = 0; fy < KH; fy++) {
      const iy = iy0 + fy * DH;
      if (iy < 0 || iy >= IH) {
        zeroFloats(dst, runFloats);
      } else if (rowInside && DW == 1) {
        copyFloats(dst, inB + <usize>(iy * IW + ix0) * icBytes, runFloats);
      } else {
        for (let fx = 0; fx < KW; fx++) {
          const ix = ix0 + fx * DW;
          const d = dst + <usize>fx * icBytes;
          if (ix < 0 || ix >= IW) zeroFloats(d, IC);
          else copyFloats(d, inB + <usize>(iy * IW + ix) * icBytes, IC);
        }
      }
      dst += <usize>runFloats << 2;
    }
  }
}

export function igemm_4x8(p: usize, t: i32): void {
  const P = param(p, P_BATCH) * param(p, P_OH) * param(p, P_OW);
  const N = param(p, P_OC), IC = param(p, P_IC);
  const KH = param(p, P_KH), KW = param(p, P_KW);
  const K = KH * KW * IC;
  const groups = param(p, P_COLGROUPS), groupCols = param(p, P_GROUPCOLS), tileRows = param(p, P_TILEROWS);
  // 0: indirect (taps through rowBase/tapPtr); 1: direct (rows are the
  // input pixels); 2: gather the tile's patches first, then direct.
  const mode = param(p, P_DIRECT);
  const direct = mode != 0;
  const hasBias = param(p, P_HASBIAS), act = param(p, P_ACT);
  const rb = t / groups, cg = t % groups;
  const p0 = rb * tileRows;
  const pEnd = min(P, p0 + tileRows);
  const n0 = cg * groupCols;
  const nEnd = min(N, n0 + groupCols);
  const w = <usize>param(p, P_W), biasBase = <usize>param(p, P_BIAS), outBase = <usize>param(p, P_OUT);
  const offs = p + (<usize>P_OFFS << 2);
  let inBase = <usize>param(p, P_IN);
  const rowBytes = <usize>K << 2;
  if (mode == 2) {
    // Each tile gathers into its own slot, so no two threads write one place.
    const scratch = <usize>param(p, P_SCRATCH) + <usize>t * <usize>tileRows * rowBytes;
    gatherPatches(p, p0, pEnd, scratch);
    inBase = scratch - <usize>p0 * rowBytes;
  }
  for (let pix = p0; pix < pEnd; pix += 4) {
    const q0 = pix, q1 = min(pix + 1, pEnd - 1), q2 = min(pix + 2, pEnd - 1), q3 = min(pix + 3, pEnd - 1);
    let b0: usize = 0, b1: usize = 0, b2: usize = 0, b3: usize = 0;
    if (!direct) { b0 = rowBase(p, q0); b1 = rowBase(p, q1); b2 = rowBase(p, q2); b3 = rowBase(p, q3); }
    const c0 = outBase + ((<usize>(q0 * N)) << 2), c1 = outBase + ((<usize>(q1 * N)) << 2);
    const c2 = outBase + ((<usize>(q2 * N)) << 2), c3 = outBase + ((<usize>(q3 * N)) << 2);
    for (let n = n0; n < nEnd; n += 8) {
      let wp = w + <usize>(n >> 3) * rowBytes * 8;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      if (direct) {
        // Pointwise, stride 1, no padding (or gathered patches): rows are contiguous.
        let x0 = inBase + <usize>q0 * rowBytes, x1 = inBase + <usize>q1 * rowBytes;
        let x2 = inBase + <usize>q2 * rowBytes, x3 = inBase + <usize>q3 * rowBytes;
        for (let k = 0; k < K; k++) {
          const w0 = v128.load(wp), w1 = v128.load(wp, 16);
          let x = v128.load32_splat(x0);
          a00 = madd(x, w0, a00); a01 = madd(x, w1, a01);
          x = v128.load32_splat(x1);
          a10 = madd(x, w0, a10); a11 = madd(x, w1, a11);
          x = v128.load32_splat(x2);
          a20 = madd(x, w0, a20); a21 = madd(x, w1, a21);
          x = v128.load32_splat(x3);
          a30 = madd(x, w0, a30); a31 = madd(x, w1, a31);
          wp += 32; x0 += 4; x1 += 4; x2 += 4; x3 += 4;
        }
      } else {
        let tap = 0;
        for (let fy = 0; fy < KH; fy++) {
          for (let fx = 0; fx < KW; fx++) {
            const off = load<i32>(offs + (<usize>tap << 2));
            let x0 = tapPtr(p, q0, fy, fx, b0, off), x1 = tapPtr(p, q1, fy, fx, b1, off);
            let x2 = tapPtr(p, q2, fy, fx, b2, off), x3 = tapPtr(p, q3, fy, fx, b3, off);
            for (let k = 0; k < IC; k++) {
              const w0 = v128.load(wp), w1 = v128.load(wp, 16);
              let x = v128.load32_splat(x0);
              a00 = madd(x, w0, a00); a01 = madd(x, w1, a01);
              x = v128.load32_splat(x1);
              a10 = madd(x, w0, a10); a11 = madd(x, w1, a11);
              x = v128.load32_splat(x2);
              a20 = madd(x, w0, a20); a21 = madd(x, w1, a21);
              x = v128.load32_splat(x3);
              a30 = madd(x, w0, a30); a31 = madd(x, w1, a31);
              wp += 32; x0 += 4; x1 += 4; x2 += 4; x3 += 4;
            }
            tap++;
          }
        }
      }
      const nc = nEnd - n;
      const bias = biasBase + (<usize>n << 2), nb = <usize>n << 2;
      store8(c3 + nb, a30, a31, bias, hasBias, act, nc);
      store8(c2 + nb, a20, a21, bias, hasBias, act, nc);
      store8(c1 + nb, a10, a11, bias, hasBias, act, nc);
      store8(c0 + nb, a00, a01, bias, hasBias, act, nc);
    }
  }
}

// ------------------------------------------------------------------ packing

/** GEMM weights [K][N] -> [ceil(N/8)][K][8], zero past N. */
export function pack_gemm_weights(src: usize, dst: usize, K: i32, N: i32): i32 {
  const blocks = (N + 7) >> 3;
  // x - x is 0 for every finite x and NaN for Inf and NaN: summed, it says
  // whether the filter is finite for the price of two adds per 8 weights.
  let nonFinite = f32x4.splat(0);
  let tail: f32 = 0;
  for (let nb = 0; nb < blocks; nb++) {
    for (let k = 0; k < K; k++) {
      const s = src + ((<usize>(k * N + nb * 8)) << 2);
      const d = dst + ((<usize>((nb * K + k) * 8)) << 2);
      const n = N - nb * 8;
      if (n >= 8) {
        const a = v128.load(s), b = v128.load(s, 16);
        nonFinite = f32x4.add(nonFinite, f32x4.add(f32x4.sub(a, a), f32x4.sub(b, b)));
        v128.store(d, a);
        v128.store(d, b, 16);
      } else {
        for (let j = 0; j < 8; j++) {
          const v: f32 = j < n ? load<f32>(s + (<usize>j << 2)) : 0;
          tail += v - v;
          store<f32>(d + (<usize>j << 2), v);
        }
      }
    }
  }
  return i32(tail == 0 && v128.all_true<i32>(f32x4.eq(nonFinite, f32x4.splat(0))));
}

/** Depthwise weights [taps][C][M] -> [taps][M][C4], zero past C. */
export function pack_dw_weights(src: usize, dst: usize, taps: i32, C: i32, M: i32, C4: i32): void {
  for (let k = 0; k < taps; k++) {
    for (let m = 0; m < M; m++) {
      const d = dst + ((<usize>((k * M + m) * C4)) << 2);
      for (let c = 0; c < C4; c++) {
        store<f32>(d + (<usize>c << 2), c < C ? load<f32>(src + ((<usize>((k * C + c) * M + m)) << 2)) : 0);
      }
    }
  }
}

/** Debug kernel for the pool's error path: traps on tile `t == p[0]`. */
export function debug_trap(p: usize, t: i32): void {
  if (t == load<i32>(p)) unreachable();
}
