// Real FFT of N = 2M samples through one M-point complex FFT: the real input is read as M
// interleaved complex numbers (no copy), and a SIMD split step separates the spectra of the
// even and odd samples. The inverse runs the same steps backwards.
import { complexFft, twiddles, splitTable, cmul, cmulConj } from "./fft";

@inline function swapHalves(v: v128): v128 {
  return v128.shuffle<f64>(v, v, 1, 0);
}

const CONJ = f32x4(1, -1, 1, -1);
const HALF = f32x4(0.5, 0.5, 0.5, 0.5);

function splitScalar(z: usize, out: usize, m: i32, k: i32, wr: f32, wi: f32): void {
  const pk = z + (<usize>k << 3), pm = z + (<usize>(m - k) << 3);
  const ar = load<f32>(pk), ai = load<f32>(pk, 4);
  const br = load<f32>(pm), bi = -load<f32>(pm, 4);
  const er = ar + br, ei = ai + bi, dr = ar - br, di = ai - bi;
  const fr = wr * dr - wi * di, fi = wr * di + wi * dr;
  const gr = -fi, gi = fr;
  const ok = out + (<usize>k << 3), om = out + (<usize>(m - k) << 3);
  store<f32>(ok, 0.5 * (er - gr));
  store<f32>(ok, 0.5 * (ei - gi), 4);
  store<f32>(om, 0.5 * (er + gr));
  store<f32>(om, -0.5 * (ei + gi), 4);
}

/** Split step: complex spectrum Z (M points at z) -> real spectrum X (M+1 bins at out). */
export function realSplit(z: usize, out: usize, logM: i32): void {
  const m: i32 = 1 << logM;
  twiddles(logM);
  const tab = splitTable(logM);
  const z0r = load<f32>(z), z0i = load<f32>(z, 4);
  // k = 1 and k = M/2 are done in scalar; the vector loop covers k = 2 .. M/2-1 in pairs.
  const half = m >> 1;
  const w1 = tab + (<usize>half << 4);
  splitScalar(z, out, m, 1, load<f32>(w1), load<f32>(w1, 4));
  splitScalar(z, out, m, half, 0, -1);
  for (let k = 2; k < half; k += 2) {
    const t = tab + (<usize>(k - 2) << 4);
    const wr = v128.load(t), wi = v128.load(t, 16);
    const pk = <usize>k << 3;
    const pm = <usize>(m - k - 1) << 3;
    // The table holds U = i·W^k/2, so G/2 = U·D in one complex multiply.
    const a = v128.load(z + pk);
    const b = f32x4.mul(swapHalves(v128.load(z + pm)), CONJ);
    const eh = f32x4.mul(f32x4.add(a, b), HALF);
    const g = cmul(f32x4.sub(a, b), wr, wi);
    v128.store(out + pk, f32x4.sub(eh, g));
    v128.store(out + pm, swapHalves(f32x4.mul(f32x4.add(eh, g), CONJ)));
  }
  store<f32>(out, z0r + z0i);
  store<f32>(out, 0, 4);
  const on = out + (<usize>m << 3);
  store<f32>(on, z0r - z0i);
  store<f32>(on, 0, 4);
}

function unsplitScalar(x: usize, z: usize, m: i32, k: i32, wr: f32, wi: f32): void {
  const pk = x + (<usize>k << 3), pm = x + (<usize>(m - k) << 3);
  const ar = load<f32>(pk), ai = load<f32>(pk, 4);
  const br = load<f32>(pm), bi = -load<f32>(pm, 4);
  const sr = ar + br, si = ai + bi, dr = ar - br, di = ai - bi;
  // D * conj(W)
  const fr = wr * dr + wi * di, fi = wr * di - wi * dr;
  const hr = -fi, hi = fr;
  const zk = z + (<usize>k << 3);
  store<f32>(zk, 0.5 * (sr + hr));
  store<f32>(zk, -0.5 * (si + hi), 4);
  if (k != 0) {
    const zm = z + (<usize>(m - k) << 3);
    store<f32>(zm, 0.5 * (sr - hr));
    store<f32>(zm, 0.5 * (si - hi), 4);
  }
}

/**
 * Inverse real FFT: M+1 bins at `spec` (preserved) -> N = 2M real samples at `out`,
 * normalised so that irfft(rfft(x)) = x. `z` and `scratch` hold N floats each; `out` may be
 * either of them.
 */
export function realInverse(spec: usize, z: usize, scratch: usize, logM: i32, out: usize): void {
  const m: i32 = 1 << logM;
  twiddles(logM);
  const tab = splitTable(logM);
  const half = m >> 1;
  const w1 = tab + (<usize>half << 4);
  // Builds conj(Z) so that a forward FFT followed by conj computes the inverse.
  unsplitScalar(spec, z, m, 0, 1, 0);
  unsplitScalar(spec, z, m, 1, load<f32>(w1), load<f32>(w1, 4));
  unsplitScalar(spec, z, m, half, 0, -1);
  for (let k = 2; k < half; k += 2) {
    const t = tab + (<usize>(k - 2) << 4);
    const wr = v128.load(t), wi = v128.load(t, 16);
    const pk = <usize>k << 3;
    const pm = <usize>(m - k - 1) << 3;
    // With U = i·W^k/2 from the table: H/2 = (i/2)·D·conj(W^k) = -D·conj(U).
    const a = v128.load(spec + pk);
    const b = f32x4.mul(swapHalves(v128.load(spec + pm)), CONJ);
    const sh = f32x4.mul(f32x4.add(a, b), HALF);
    const c = cmulConj(f32x4.sub(a, b), wr, wi);
    v128.store(z + pk, f32x4.mul(f32x4.sub(sh, c), CONJ));
    v128.store(z + pm, swapHalves(f32x4.add(sh, c)));
  }
  const r = complexFft(z, scratch, logM, 0);
  const sc = <f32>(1.0 / <f64>m);
  const scale = f32x4(sc, -sc, sc, -sc);
  const bytes = <usize>m << 3;
  for (let i: usize = 0; i < bytes; i += 16) {
    v128.store(out + i, f32x4.mul(v128.load(r + i), scale));
  }
}

/** Forward real FFT of N = 2^(logM+1) samples at `x` (destroyed) into M+1 bins at `out`. */
export function realFft(x: usize, scratch: usize, logM: i32, out: usize, win: usize): void {
  const r = complexFft(x, scratch, logM, win);
  realSplit(r, out, logM);
}
