// Three-phase features: symmetrical components (Fortescue) and Park's vector locus.

/**
 * Phasors of the three phases a, b, c at frequency f: Hann-windowed single-bin DFTs over the
 * longest span holding an integer number of cycles (the negative-frequency image then cancels),
 * in one pass sharing the rotation and window recurrences (each phase's arithmetic is the same as
 * a pass of its own). Writes [re, im] of each peak-amplitude phasor (cosine reference at sample
 * 0) to out, out + 16, out + 32.
 */
function phasors(a: usize, b: usize, c3: usize, l: i32, fs: f64, f: f64, out: usize): void {
  const dw = 2.0 * Math.PI * f / fs;
  const cd = Math.cos(dw), sd = Math.sin(dw);
  const dh = 2.0 * Math.PI / <f64>l;
  const ch = Math.cos(dh), sh = Math.sin(dh);
  let c: f64 = 1, s: f64 = 0; // e^{-i w t} = c - i s
  let hc: f64 = 1, hs: f64 = 0; // cos/sin of the window phase
  let ra: f64 = 0, ia: f64 = 0, rb: f64 = 0, ib: f64 = 0, rc: f64 = 0, ic: f64 = 0, wsum: f64 = 0;
  for (let t = 0; t < l; t++) {
    const w = 0.5 - 0.5 * hc;
    const o = <usize>t << 2;
    const va = <f64>load<f32>(a + o) * w, vb = <f64>load<f32>(b + o) * w, vc = <f64>load<f32>(c3 + o) * w;
    ra += va * c;
    ia -= va * s;
    rb += vb * c;
    ib -= vb * s;
    rc += vc * c;
    ic -= vc * s;
    wsum += w;
    const nc = c * cd - s * sd, ns = s * cd + c * sd;
    c = nc; s = ns;
    const nhc = hc * ch - hs * sh, nhs = hs * ch + hc * sh;
    hc = nhc; hs = nhs;
    if ((t & 1023) == 1023) {
      // Renormalise the rotations so rounding cannot drift over long records.
      const r = 1.0 / Math.sqrt(c * c + s * s);
      c *= r; s *= r;
      const rh = 1.0 / Math.sqrt(hc * hc + hs * hs);
      hc *= rh; hs *= rh;
    }
  }
  const g = 2.0 / wsum;
  store<f64>(out, ra * g);
  store<f64>(out, ia * g, 8);
  store<f64>(out, rb * g, 16);
  store<f64>(out, ib * g, 24);
  store<f64>(out, rc * g, 32);
  store<f64>(out, ic * g, 40);
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
  let sd: f64 = 0, sq: f64 = 0;
  for (let t = 0; t < n; t++) {
    const o = <usize>t << 2;
    const ia = <f64>load<f32>(a + o), ib = <f64>load<f32>(b + o), ic = <f64>load<f32>(c + o);
    sd += k1 * ia - k2 * ib - k2 * ic;
    sq += k3 * (ib - ic);
  }
  const md = sd / <f64>n, mq = sq / <f64>n;
  let cxx: f64 = 0, cyy: f64 = 0, cxy: f64 = 0;
  for (let t = 0; t < n; t++) {
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
