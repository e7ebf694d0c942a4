/**
 * The bulk noise fill (`addGaussian`, the simulator's hot loop) draws exactly the numbers one
 * `gaussian()` call per sample would, including the Box–Muller spare carried across buffers of
 * odd length — so speeding it up changed no simulated window.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../actors/sim/mod.ts";

describe("SeededRandom.addGaussian", () => {
  it("matches per-sample gaussian() for any seed, sigma and sequence of buffer lengths", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.001, max: 10, noNaN: true }), fc.array(fc.integer({ min: 0, max: 257 }), { minLength: 1, maxLength: 6 }), (seed, sigma, lengths) => {
        const bulk = new SeededRandom(seed);
        const single = new SeededRandom(seed);
        for (const n of lengths) {
          const x = new Float32Array(n).fill(0.25);
          const y = new Float32Array(n).fill(0.25);
          bulk.addGaussian(x, sigma);
          for (let i = 0; i < n; i++) y[i] += sigma * single.gaussian();
          expect(x).toEqual(y);
        }
        // The streams stay in step afterwards too.
        expect(bulk.next()).toBe(single.next());
      }),
      { numRuns: 200 },
    );
  });

  it("adds noise of the requested spread", () => {
    const x = new Float32Array(1 << 16);
    new SeededRandom(3).addGaussian(x, 2);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeCloseTo(2, 1);
  });
});
