#!/usr/bin/env python3
"""Generates the committed reference vectors for test/wasm (numpy only; scipy is not used, its
Welch semantics are reproduced by hand). Run from the repository root:

    python3 test/wasm/make_reference.py

Inputs are stored as float32 (what the DSP core consumes) and every reference is computed in
float64 from those float32 values. Layout: test/wasm/reference/manifest.json names each case,
its parameters and its binary files (<name>.in.f32, <name>.ref.f64, little-endian).
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference")
CWRU = "/work/shared/data/cwru/cwru12k_DE_IR007_0hp_105.f32"
rng = np.random.default_rng(20261122)
manifest = {"generator": "test/wasm/make_reference.py", "numpy": np.__version__, "cases": {}}


def f32(x):
    return np.asarray(x, dtype=np.float32)


def save(name, inputs, ref, **params):
    files = []
    for i, arr in enumerate(inputs):
        fn = f"{name}.in{i}.f32"
        f32(arr).astype("<f4").tofile(os.path.join(OUT, fn))
        files.append(fn)
    rf = f"{name}.ref.f64"
    np.asarray(ref, dtype="<f8").tofile(os.path.join(OUT, rf))
    manifest["cases"][name] = {"inputs": files, "reference": rf, "params": params}


def interleave(c):
    out = np.empty(2 * len(c))
    out[0::2] = c.real
    out[1::2] = c.imag
    return out


def periodic(kind, n):
    t = 2 * np.pi * np.arange(n) / n
    if kind == "rect":
        return np.ones(n)
    if kind == "hann":
        return 0.5 - 0.5 * np.cos(t)
    # HFT90D flat top (Heinzel et al. 2002), as in wasm/assembly/window.ts
    return 1 - 1.942604 * np.cos(t) + 1.340318 * np.cos(2 * t) - 0.440811 * np.cos(3 * t) + 0.043097 * np.cos(4 * t)


def amplitude(x, kind):
    w = f32(periodic(kind, len(x))).astype(np.float64)  # the core stores the window in f32
    a = np.abs(np.fft.rfft(x * w)) * 2 / w.sum()
    a[0] /= 2
    a[-1] /= 2
    return a


def padded_length(n):
    p = 32
    while p < n:
        p <<= 1
    if p - n < (n >> 2):
        p <<= 1
    return p


def reflect_pad(x, p):
    n = len(x)
    period = 2 * n - 2
    def idx(i):
        j = i % period
        return j if j < n else period - j
    out = np.empty(p)
    out[:n] = x
    tail = (p - n) >> 1
    for j in range(tail):
        out[n + j] = x[idx(n + j)]
    for j in range(n + tail, p):
        out[j] = x[idx(j - p)]
    return out


def band_mask(p, fs, lo, hi):
    f = np.arange(p // 2 + 1) * fs / p
    tw = max(4 * fs / p, 0.1 * (hi - lo))
    g = np.ones_like(f)
    below, above = f < lo, f > hi
    g[below] = np.where(lo - f[below] >= tw, 0, 0.5 + 0.5 * np.cos(np.pi * (lo - f[below]) / tw))
    g[above] = np.where(f[above] - hi >= tw, 0, 0.5 + 0.5 * np.cos(np.pi * (f[above] - hi) / tw))
    return g


def hilbert_of_spectrum(X, p):
    Y = -1j * X
    Y[0] = 0
    Y[-1] = 0
    return np.fft.irfft(Y, p)


def mixed_signal(n, fs):
    t = np.arange(n) / fs
    return (0.3 + 2.0 * np.sin(2 * np.pi * 1234.5 * t + 0.4) + 0.5 * np.cos(2 * np.pi * 400 * t)
            + 0.05 * rng.standard_normal(n))


# 1. Forward real FFT, random-ish and real (CWRU) inputs.
for n in (256, 1024, 4096, 16384):
    x = f32(mixed_signal(n, 10000.0) + rng.standard_normal(n))
    save(f"rfft_{n}", [x], interleave(np.fft.rfft(x.astype(np.float64))), n=n)
cwru = np.fromfile(CWRU, dtype="<f4")[:4096]
save("rfft_cwru_4096", [cwru], interleave(np.fft.rfft(cwru.astype(np.float64))), n=4096,
     source="cwru12k_DE_IR007_0hp_105.f32 samples 0..4095")

# 2. Amplitude and power spectra (fs = 10 kHz, N = 4096).
x = f32(mixed_signal(4096, 10000.0)).astype(np.float64)
for kind in ("rect", "hann", "flattop"):
    save(f"amplitude_{kind}", [x], amplitude(x, kind), window=kind, fs=10000.0)
pw = amplitude(x, "hann") ** 2 / 2
pw[0] = amplitude(x, "hann")[0] ** 2
save("power_hann", [x], pw, window="hann", fs=10000.0)

# 3. Welch PSD, scipy.signal.welch(x, fs, 'hann', nperseg, noverlap, detrend='constant',
#    scaling='density') reproduced by hand.
def welch(x, fs, seg, overlap):
    step = seg - int(np.floor(seg * overlap))
    w = f32(periodic("hann", seg)).astype(np.float64)
    acc = np.zeros(seg // 2 + 1)
    count = 0
    for s in range(0, len(x) - seg + 1, step):
        d = x[s:s + seg] - np.mean(x[s:s + seg])
        acc += np.abs(np.fft.rfft(d * w)) ** 2
        count += 1
    psd = acc / count / (fs * np.sum(w * w))
    psd[1:-1] *= 2
    return psd

x = f32(mixed_signal(10000, 5000.0) + rng.standard_normal(10000)).astype(np.float64)
save("welch_1024_50", [x], welch(x, 5000.0, 1024, 0.5), fs=5000.0, segment=1024, overlap=0.5)
save("welch_512_75", [x], welch(x, 5000.0, 512, 0.75), fs=5000.0, segment=512, overlap=0.75)

# 4. Spectral kurtosis (Hann, hop nfft/4): Gaussian noise plus bursts of a 3 kHz tone.
fs = 12000.0
n = 24000
noise = rng.standard_normal(n)
t = np.arange(n) / fs
bursts = np.zeros(n)
for start in range(0, n, 1200):
    seg = slice(start, min(n, start + 60))
    bursts[seg] = 8 * np.sin(2 * np.pi * 3000 * t[seg])
x = f32(noise + bursts).astype(np.float64)
def spectral_kurtosis(x, nfft):
    w = f32(periodic("hann", nfft)).astype(np.float64)
    s2 = np.zeros(nfft // 2 + 1)
    s4 = np.zeros(nfft // 2 + 1)
    c = 0
    for s in range(0, len(x) - nfft + 1, nfft // 4):
        p = np.abs(np.fft.rfft(x[s:s + nfft] * w)) ** 2
        s2 += p
        s4 += p * p
        c += 1
    m2, m4 = s2 / c, s4 / c
    return m4 / (m2 * m2) - 2
save("sk_256", [x], spectral_kurtosis(x, 256), fs=fs, nfft=256)

# 5. Statistics.
x = f32(0.7 + rng.standard_normal(5000) ** 3 * 0.2).astype(np.float64)
m = x.mean()
d = x - m
m2, m3, m4 = np.mean(d ** 2), np.mean(d ** 3), np.mean(d ** 4)
rms = np.sqrt(np.mean(x ** 2))
peak = np.max(np.abs(x))
save("stats", [x], [m, rms, np.sqrt(m2), peak, peak / rms, m4 / m2 ** 2, m3 / m2 ** 1.5])

# 6. Band-pass, envelope, envelope spectrum: the documented algorithm (reflect padding to a
#    power of two, raised-cosine band mask, FFT Hilbert transform) in float64.
fs = 8000.0
n = 3000
t = np.arange(n) / fs
x = f32((1 + 0.6 * np.cos(2 * np.pi * 37 * t)) * np.sin(2 * np.pi * 1000 * t) + 0.8 * np.sin(2 * np.pi * 150 * t)
        + 0.05 * rng.standard_normal(n)).astype(np.float64)
p = padded_length(n)
X = np.fft.rfft(reflect_pad(x, p))
bp = np.fft.irfft(X * band_mask(p, fs, 800.0, 1200.0), p)[:n]
save("bandpass_3000", [x], bp, fs=fs, lowHz=800.0, highHz=1200.0)
env = np.abs(x + 1j * hilbert_of_spectrum(X, p)[:n])
save("envelope_3000", [x], env)

fs = 12000.0
n = 8192
t = np.arange(n) / fs
x = 0.1 * rng.standard_normal(n)
for k in range(int(n / fs * 97) + 1):
    t0 = k / 97.0
    m = t >= t0
    x[m] += (1 + 0.5 * np.cos(2 * np.pi * 29 * t0)) * np.exp(-(t[m] - t0) * 800) * np.sin(2 * np.pi * 3000 * (t[m] - t0))
x = f32(x).astype(np.float64)
p = padded_length(n)
X = np.fft.rfft(reflect_pad(x, p)) * band_mask(p, fs, 2000.0, 4000.0)
b = np.fft.irfft(X, p)[:n]
h = hilbert_of_spectrum(X, p)[:n]
e = np.sqrt(b * b + h * h)
e = f32(e).astype(np.float64)  # the core holds the envelope in float32 before its spectrum
save("envelope_spectrum_8192", [x], amplitude(e - e.mean(), "hann"), fs=fs, lowHz=2000.0, highHz=4000.0)

# 7. Symmetrical components and Park's vector of an unbalanced, distorted three-phase set.
fs = 10000.0
n = 2345
f = 50.0
t = np.arange(n) / fs
ph = [0.0, -2 * np.pi / 3, 2 * np.pi / 3]
amps = [10.0, 9.0, 11.5]
shift = [0.0, 0.05, -0.03]
phases = [f32(a * np.cos(2 * np.pi * f * t + p0 + s) + 0.4 * np.cos(2 * np.pi * 250 * t + 3 * p0)
              + 0.05 * rng.standard_normal(n)).astype(np.float64) for a, p0, s in zip(amps, ph, shift)]
cycles = np.floor(n * f / fs)
L = min(n, int(round(cycles * fs / f))) if cycles >= 1 else n
w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(L) / L)
e = np.exp(-2j * np.pi * f * np.arange(L) / fs)
P = [2 * np.sum(w * ph_[:L] * e) / w.sum() for ph_ in phases]
al = np.exp(2j * np.pi / 3)
I1 = (P[0] + al * P[1] + al ** 2 * P[2]) / 3
I2 = (P[0] + al ** 2 * P[1] + al * P[2]) / 3
I0 = (P[0] + P[1] + P[2]) / 3
save("symmetrical_50hz", phases, [abs(I1), abs(I2), abs(I0), abs(I2) / abs(I1), abs(P[0]), abs(P[1]), abs(P[2]),
                                  np.angle(P[0]), np.angle(P[1]), np.angle(P[2])], fs=fs, fHz=f)
ia, ib, ic = phases
idd = np.sqrt(2 / 3) * ia - ib / np.sqrt(6) - ic / np.sqrt(6)
iq = (ib - ic) / np.sqrt(2)
cov = np.cov(np.vstack([idd, iq]), bias=True)
ev, evec = np.linalg.eigh(cov)
major, minor = np.sqrt(2 * ev[1]), np.sqrt(2 * max(ev[0], 0))
ang = 0.5 * np.arctan2(2 * cov[0, 1], cov[0, 0] - cov[1, 1])
save("park", phases, [1 - minor / major, major, minor, ang])

with open(os.path.join(OUT, "manifest.json"), "w") as fh:
    json.dump(manifest, fh, indent=1)
print(f"wrote {len(manifest['cases'])} cases to {OUT}")
