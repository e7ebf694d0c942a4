/**
 * Adds sinusoids (optionally with a linear frequency sweep) and Gaussian noise to sample buffers.
 * A sweep integrates the instantaneous frequency so sidebands keep their physical relation to
 * the fundamental while the speed changes.
 * @module
 */
import type { SeededRandom } from "./seeded_random.ts";

/** One line: amplitude, frequency at the window start and end (Hz), phase at t = 0 (rad). */
export interface Tone {
  amplitude: number;
  startHz: number;
  endHz: number;
  phaseRad: number;
}

/** Adds a tone in place; tones at or above Nyquist are skipped (a real anti-alias filter removes them). */
export function addTone(buffer: Float32Array, fs: number, tone: Tone): void {
  const n = buffer.length;
  if (tone.amplitude === 0 || Math.max(tone.startHz, tone.endHz) >= fs / 2 || Math.min(tone.startHz, tone.endHz) <= 0) return;
  const twoPiOverFs = (2 * Math.PI) / fs;
  if (tone.startHz === tone.endHz) {
    // Phasor rotation instead of one cos() per sample; re-anchored exactly every block so
    // rounding never accumulates.
    const w = tone.startHz * twoPiOverFs;
    const cw = Math.cos(w);
    const sw = Math.sin(w);
    const a = tone.amplitude;
    for (let i0 = 0; i0 < n; i0 += 256) {
      let x = Math.cos(w * i0 + tone.phaseRad);
      let y = Math.sin(w * i0 + tone.phaseRad);
      const end = Math.min(n, i0 + 256);
      for (let i = i0; i < end; i++) {
        buffer[i] += a * x;
        const nx = x * cw - y * sw;
        y = x * sw + y * cw;
        x = nx;
      }
    }
    return;
  }
  const df = (tone.endHz - tone.startHz) / n;
  let phase = tone.phaseRad;
  for (let i = 0; i < n; i++) {
    buffer[i] += tone.amplitude * Math.cos(phase);
    phase += (tone.startHz + df * i) * twoPiOverFs;
  }
}

/** Adds white Gaussian noise of standard deviation sigma in place. */
export function addNoise(buffer: Float32Array, sigma: number, rng: SeededRandom): void {
  if (sigma <= 0) return;
  rng.addGaussian(buffer, sigma);
}
