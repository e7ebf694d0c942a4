/**
 * `lineSnr`, the inner loop of the bearing band scan, is computed cheaply (the peak search reads
 * only the spectrum up to the line; the background median is selected, not sorted). These
 * properties hold it to the plain reference: the peak of `amplitudeAt` on the whole spectrum and
 * the median of the sorted background bins.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LINE_TOLERANCE, lineSnr, lineSnrs } from "../../actors/analyzers/bearing_lines.ts";
import { type Dsp, loadDsp } from "../../wasm/mod.ts";

let dsp: Dsp;
beforeAll(async () => {
  dsp = await loadDsp();
});

function reference(spectrum: Float32Array, df: number, hz: number) {
  const tol = Math.max(2 * df, LINE_TOLERANCE * hz);
  const peak = dsp.amplitudeAt(spectrum, df, hz, tol);
  const half = Math.max(30 * df, 0.15 * hz + tol);
  const vals: number[] = [];
  for (let i = Math.max(1, Math.floor((hz - half) / df)); i <= Math.min(spectrum.length - 1, Math.ceil((hz + half) / df)); i++) {
    if (Math.abs(i * df - hz) > tol + df) vals.push(spectrum[i]);
  }
  vals.sort((a, b) => a - b);
  const bg = vals[Math.floor(vals.length / 2)] ?? 0;
  // A zero peak reads −200 dB, the floor of the analyzers' dB conversion (verdict.ts toDb).
  return { peak, snrDb: bg > 0 ? (peak.amplitude > 0 ? 20 * Math.log10(peak.amplitude / bg) : -200) : 0 };
}

describe("lineSnr", () => {
  it("equals the whole-spectrum peak and the sorted-median background, for any spectrum and line", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 4096 }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.02, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (bins, df, where, seed, coarse) => {
          // Random levels, optionally quantised so that many bins tie (the selection's hard case).
          let s = seed;
          const spectrum = new Float32Array(bins).map(() => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const u = s / 2 ** 32;
            return coarse ? Math.round(u * 4) / 4 : u;
          });
          const hz = where * (bins - 1) * df;
          expect(lineSnr(dsp, spectrum, df, hz)).toEqual(reference(spectrum, df, hz));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("lineSnrs (the band scan's batched form)", () => {
  it("equals lineSnr of each line, for any spectrum and set of lines", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 4096 }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.array(fc.double({ min: 0.02, max: 0.95, noNaN: true }), { minLength: 0, maxLength: 15 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (bins, df, where, seed) => {
          let s = seed;
          const spectrum = new Float32Array(bins).map(() => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 2 ** 32;
          });
          const hzs = where.map((w) => w * (bins - 1) * df);
          expect(lineSnrs(dsp, spectrum, df, hzs)).toEqual(hzs.map((hz) => lineSnr(dsp, spectrum, df, hz)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
