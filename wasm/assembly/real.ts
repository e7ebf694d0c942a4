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

// Level of one bin from its complex value: amplitude |X|·scale, or power (|X|·scale)^2 / 2.
@inline function level(re: f32, im: f32, scale: f32, power: bool): f32 {
  const p2 = re * re + im * im;
  return power ? p2 * scale * scale * 0.5 : Mathf.sqrt(p2) * scale;
}

function levelsScalar(z: usize, out: usize, m: i32, k: i32, wr: f32, wi: f32, scale: f32, power: bool): void {
  const pk = z + (<usize>k << 3), pm = z + (<usize>(m - k) << 3);
  const ar = load<f32>(pk), ai = load<f32>(pk, 4);
  const br = load<f32>(pm), bi = -load<f32>(pm, 4);
  const er = ar + br, ei = ai + bi, dr = ar - br, di = ai - bi;
  const fr = wr * dr - wi * di, fi = wr * di + wi * dr;
  store<f32>(out + (<usize>k << 2), level(0.5 * (er + fi), 0.5 * (ei - fr), scale, power));
  store<f32>(out + (<usize>(m - k) << 2), level(0.5 * (er - fi), 0.5 * (ei + fr), scale, power));
}

/**
 * Split step fused with the spectrum: writes M+1 levels (f32) instead of complex bins, saving a
 * pass over memory. Amplitude |X[k]|·scale (DC and Nyquist at half scale: a sine there is not
 * split between two bins), or with `power` amplitude^2/2 per bin and amplitude^2 at DC.
 */
export function realSplitLevels(z: usize, out: usize, logM: i32, scale: f32, power: bool): void {
  const m: i32 = 1 << logM;
  twiddles(logM);
  const tab = splitTable(logM);
  const half = m >> 1;
  const w1 = tab + (<usize>half << 4);
  const z0r = load<f32>(z), z0i = load<f32>(z, 4);
  levelsScalar(z, out, m, 1, load<f32>(w1), load<f32>(w1, 4), scale, power);
  levelsScalar(z, out, m, half, 0, -1, scale, power);
  const s = f32x4.splat(scale);
  const ps = f32x4.splat(scale * scale * 0.5);
  for (let k = 2; k < half; k += 2) {
    const t = tab + (<usize>(k - 2) << 4);
    const wr = v128.load(t), wi = v128.load(t, 16);
    const pm = <usize>(m - k - 1) << 3;
    const a = v128.load(z + (<usize>k << 3));
    const b = f32x4.mul(swapHalves(v128.load(z + pm)), CONJ);
    const eh = f32x4.mul(f32x4.add(a, b), HALF);
    const g = cmul(f32x4.sub(a, b), wr, wi);
    const xk = f32x4.sub(eh, g); // X[k], X[k+1]
    const xm = f32x4.add(eh, g); // conj of X[M-k], X[M-k-1]: same magnitudes
    // Lanes ordered [k, k+1, M-k-1, M-k] so each half stores contiguously.
    const re = v128.shuffle<f32>(xk, xm, 0, 2, 6, 4);
    const im = v128.shuffle<f32>(xk, xm, 1, 3, 7, 5);
    const p2 = f32x4.add(f32x4.mul(re, re), f32x4.mul(im, im));
    const lv = power ? f32x4.mul(p2, ps) : f32x4.mul(f32x4.sqrt(p2), s);
    v128.store64_lane(out + (<usize>k << 2), lv, 0);
    v128.store64_lane(out + (<usize>(m - k - 1) << 2), lv, 1);
  }
  const dc = Mathf.abs(z0r + z0i) * scale * 0.5;
  const ny = Mathf.abs(z0r - z0i) * scale * 0.5;
  store<f32>(out, power ? dc * dc : dc);
  store<f32>(out + (<usize>m << 2), power ? ny * ny * 0.5 : ny);
}

/** Forward real FFT of 2^(logM+1) samples at `x` (destroyed) straight to M+1 levels at `out`. */
export function realFftLevels(x: usize, scratch: usize, logM: i32, out: usize, win: usize, scale: f32, power: bool): void {
  const r = complexFft(x, scratch, logM, win);
  realSplitLevels(r, out, logM, scale, power);
}
