// Three-phase features: symmetrical components (Fortescue) and Park's vector locus.

/** Two consecutive f32 samples at p widened to f64x2. */
@inline function pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Sum of the two lanes of an f64x2. */
@inline function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Phasors of the three phases a, b, c at frequency f: Hann-windowed single-bin DFTs over the
 * longest span holding an integer number of cycles (the negative-frequency image then cancels),
 * in one pass sharing the rotation and window recurrences, two samples per step (f64x2 lanes
 * hold samples t and t+1; the recurrences advance by two samples). Writes [re, im] of each
 * peak-amplitude phasor (cosine reference at sample 0) to out, out + 16, out + 32.
 */
function phasors(a: usize, b: usize, c3: usize, l: i32, fs: f64, f: f64, out: usize): void {
  const dw = 2.0 * Math.PI * f / fs;
  const dh = 2.0 * Math.PI / <f64>l;
  // Rotation by two samples; lanes start at samples 0 and 1. e^{-i w t} = c - i s.
  const cd = f64x2.splat(Math.cos(2 * dw)), sd = f64x2.splat(Math.sin(2 * dw));
  const ch = f64x2.splat(Math.cos(2 * dh)), sh = f64x2.splat(Math.sin(2 * dh));
  let c = f64x2(1, Math.cos(dw)), s = f64x2(0, Math.sin(dw));
  let hc = f64x2(1, Math.cos(dh)), hs = f64x2(0, Math.sin(dh));
  const half = f64x2.splat(0.5), one = f64x2.splat(1);
  let ra = f64x2.splat(0), ia = f64x2.splat(0), rb = f64x2.splat(0), ib = f64x2.splat(0), rc = f64x2.splat(0), ic = f64x2.splat(0);
  let wsum = f64x2.splat(0);
  let t = 0;
  for (; t + 2 <= l; t += 2) {
    const w = f64x2.sub(half, f64x2.mul(half, hc));
    const o = <usize>t << 2;
    const va = f64x2.mul(pair(a + o), w), vb = f64x2.mul(pair(b + o), w), vc = f64x2.mul(pair(c3 + o), w);
    ra = f64x2.add(ra, f64x2.mul(va, c));
    ia = f64x2.sub(ia, f64x2.mul(va, s));
    rb = f64x2.add(rb, f64x2.mul(vb, c));
    ib = f64x2.sub(ib, f64x2.mul(vb, s));
    rc = f64x2.add(rc, f64x2.mul(vc, c));
    ic = f64x2.sub(ic, f64x2.mul(vc, s));
    wsum = f64x2.add(wsum, w);
    const nc = f64x2.sub(f64x2.mul(c, cd), f64x2.mul(s, sd)), ns = f64x2.add(f64x2.mul(s, cd), f64x2.mul(c, sd));
    c = nc; s = ns;
    const nhc = f64x2.sub(f64x2.mul(hc, ch), f64x2.mul(hs, sh)), nhs = f64x2.add(f64x2.mul(hs, ch), f64x2.mul(hc, sh));
    hc = nhc; hs = nhs;
    if ((t & 1022) == 1022) {
      // Renormalise the rotations so rounding cannot drift over long records.
      const r = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.mul(c, c), f64x2.mul(s, s))));
      c = f64x2.mul(c, r); s = f64x2.mul(s, r);
      const rh = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.mul(hc, hc), f64x2.mul(hs, hs))));
      hc = f64x2.mul(hc, rh); hs = f64x2.mul(hs, rh);
    }
  }
  let sra = lanes(ra), sia = lanes(ia), srb = lanes(rb), sib = lanes(ib), src = lanes(rc), sic = lanes(ic), sw = lanes(wsum);
  if (t < l) {
    // An odd span: the last sample is lane 0 of the recurrences.
    const c0 = f64x2.extract_lane(c, 0), s0 = f64x2.extract_lane(s, 0);
    const w = 0.5 - 0.5 * f64x2.extract_lane(hc, 0);
    const o = <usize>t << 2;
    const va = <f64>load<f32>(a + o) * w, vb = <f64>load<f32>(b + o) * w, vc = <f64>load<f32>(c3 + o) * w;
    sra += va * c0; sia -= va * s0;
    srb += vb * c0; sib -= vb * s0;
    src += vc * c0; sic -= vc * s0;
    sw += w;
  }
  const g = 2.0 / sw;
  store<f64>(out, sra * g);
  store<f64>(out, sia * g, 8);
  store<f64>(out, srb * g, 16);
  store<f64>(out, sib * g, 24);
  store<f64>(out, src * g, 32);
  store<f64>(out, sic * g, 40);
}

/** Number of samples to analyse: whole cycles of f when at least one fits, else all n. */
export function integerCycleSpan(n: i32, fs: f64, f: f64): i32 {
  const cycles = Math.floor(<f64>n * f / fs);
  if (cycles < 1) return n;
  const l = <i32>Math.round(cycles * fs / f);
  return l > n ? n : l;
}

/**
 * Symmetrical components at f of three n-sample phases a, b, c. out (f64): i1, i2, i0,
 * unbalance (i2/i1), |Pa|, |Pb|, |Pc|, arg Pa, arg Pb, arg Pc.
 */
export function symmetricalComponents(a: usize, b: usize, c: usize, n: i32, fs: f64, f: f64, out: usize): void {
  const l = integerCycleSpan(n, fs, f);
  phasors(a, b, c, l, fs, f, out + 80);
  const ar = load<f64>(out + 80), ai = load<f64>(out + 88);
  const br = load<f64>(out + 96), bi = load<f64>(out + 104);
  const cr = load<f64>(out + 112), ci = load<f64>(out + 120);
  // alpha = e^{i 2pi/3}
  const hr = -0.5, hi = Math.sqrt(3.0) / 2.0;
  // alpha*b, alpha^2*b (alpha^2 = conj alpha)
  const abr = hr * br - hi * bi, abi = hr * bi + hi * br;
  const a2br = hr * br + hi * bi, a2bi = hr * bi - hi * br;
  const acr = hr * cr - hi * ci, aci = hr * ci + hi * cr;
  const a2cr = hr * cr + hi * ci, a2ci = hr * ci - hi * cr;
  const p1r = (ar + abr + a2cr) / 3, p1i = (ai + abi + a2ci) / 3;
  const p2r = (ar + a2br + acr) / 3, p2i = (ai + a2bi + aci) / 3;
  const p0r = (ar + br + cr) / 3, p0i = (ai + bi + ci) / 3;
  const i1 = Math.sqrt(p1r * p1r + p1i * p1i);
  const i2 = Math.sqrt(p2r * p2r + p2i * p2i);
  const i0 = Math.sqrt(p0r * p0r + p0i * p0i);
  store<f64>(out, i1);
  store<f64>(out, i2, 8);
  store<f64>(out, i0, 16);
  store<f64>(out, i1 > 0 ? i2 / i1 : 0, 24);
  store<f64>(out, Math.sqrt(ar * ar + ai * ai), 32);
  store<f64>(out, Math.sqrt(br * br + bi * bi), 40);
  store<f64>(out, Math.sqrt(cr * cr + ci * ci), 48);
  store<f64>(out, Math.atan2(ai, ar), 56);
  store<f64>(out, Math.atan2(bi, br), 64);
  store<f64>(out, Math.atan2(ci, cr), 72);
}

/**
 * Park's vector: Clarke transform id = sqrt(2/3)ia - ib/sqrt6 - ic/sqrt6, iq = (ib - ic)/sqrt2;
 * the locus' principal axes come from the covariance of (id, iq). out (f64): ellipticity,
 * majorAxis, minorAxis, angleRad (axes are peak radii: sqrt(2 * eigenvalue)).
 */
export function parkVector(a: usize, b: usize, c: usize, n: i32, out: usize): void {
  const k1 = Math.sqrt(2.0 / 3.0), k2 = 1.0 / Math.sqrt(6.0), k3 = 1.0 / Math.sqrt(2.0);
  const v1 = f64x2.splat(k1), v2 = f64x2.splat(k2), v3 = f64x2.splat(k3);
  // Two samples per step (f64x2), an odd last sample on its own.
  const body = n & ~1;
  let sdv = f64x2.splat(0), sqv = f64x2.splat(0);
  for (let t = 0; t < body; t += 2) {
    const o = <usize>t << 2;
    const ia = pair(a + o), ib = pair(b + o), ic = pair(c + o);
    sdv = f64x2.add(sdv, f64x2.sub(f64x2.sub(f64x2.mul(v1, ia), f64x2.mul(v2, ib)), f64x2.mul(v2, ic)));
    sqv = f64x2.add(sqv, f64x2.mul(v3, f64x2.sub(ib, ic)));
  }
  let sd = lanes(sdv), sq = lanes(sqv);
  for (let t = body; t < n; t++) {
    const o = <usize>t << 2;
    const ia = <f64>load<f32>(a + o), ib = <f64>load<f32>(b + o), ic = <f64>load<f32>(c + o);
    sd += k1 * ia - k2 * ib - k2 * ic;
    sq += k3 * (ib - ic);
  }
  const md = sd / <f64>n, mq = sq / <f64>n;
  const mdv = f64x2.splat(md), mqv = f64x2.splat(mq);
  let xx = f64x2.splat(0), yy = f64x2.splat(0), xy = f64x2.splat(0);
  for (let t = 0; t < body; t += 2) {
    const o = <usize>t << 2;
    const ia = pair(a + o), ib = pair(b + o), ic = pair(c + o);
    const d = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(v1, ia), f64x2.mul(v2, ib)), f64x2.mul(v2, ic)), mdv);
    const q = f64x2.sub(f64x2.mul(v3, f64x2.sub(ib, ic)), mqv);
    xx = f64x2.add(xx, f64x2.mul(d, d));
    yy = f64x2.add(yy, f64x2.mul(q, q));
    xy = f64x2.add(xy, f64x2.mul(d, q));
  }
  let cxx = lanes(xx), cyy = lanes(yy), cxy = lanes(xy);
  for (let t = body; t < n; t++) {
    const o = <usize>t << 2;
    const ia = <f64>load<f32>(a + o), ib = <f64>load<f32>(b + o), ic = <f64>load<f32>(c + o);
    const d = k1 * ia - k2 * ib - k2 * ic - md;
    const q = k3 * (ib - ic) - mq;
    cxx += d * d; cyy += q * q; cxy += d * q;
  }
  cxx /= <f64>n; cyy /= <f64>n; cxy /= <f64>n;
  const mid = 0.5 * (cxx + cyy);
  const rad = Math.sqrt(0.25 * (cxx - cyy) * (cxx - cyy) + cxy * cxy);
  const l1 = mid + rad, l2 = Math.max(mid - rad, 0);
  const major = Math.sqrt(2 * l1), minor = Math.sqrt(2 * l2);
  store<f64>(out, major > 0 ? 1 - minor / major : 0);
  store<f64>(out, major, 8);
  store<f64>(out, minor, 16);
  store<f64>(out, 0.5 * Math.atan2(2 * cxy, cxx - cyy), 24);
}
