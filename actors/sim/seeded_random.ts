/**
 * A small deterministic random source (mulberry32 + Box–Muller) so a simulation is a pure
 * function of its seed: same spec, same seed → bit-identical window, on Node and Deno.
 * @module
 */

/** Deterministic uniform and Gaussian random numbers from a 32-bit seed. */
export class SeededRandom {
  private state: number;
  private spare: number | undefined;
  constructor(seed: number) {
    // Mix the seed so that nearby seeds give unrelated streams.
    this.state = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /**
   * Adds `sigma` × standard normal to every element, drawing exactly the numbers
   * {@link gaussian} would in turn (the pair spare carries over), without a call per sample.
   */
  addGaussian(buffer: Float32Array, sigma: number): void {
    const n = buffer.length;
    let i = 0;
    if (this.spare !== undefined && n > 0) {
      buffer[i++] += sigma * this.spare;
      this.spare = undefined;
    }
    const twoPi = 2 * Math.PI;
    // The generator state lives in a local for the loop (next() inlined): noise is most of the
    // simulator's time.
    let state = this.state;
    const uniform = (): number => {
      let t = (state = (state + 0x6d2b79f5) >>> 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (; i + 1 < n; i += 2) {
      let u = uniform();
      while (u <= 1e-12) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      buffer[i] += sigma * (r * Math.cos(twoPi * v));
      buffer[i + 1] += sigma * (r * Math.sin(twoPi * v));
    }
    this.state = state;
    if (i < n) buffer[i] += sigma * this.gaussian();
  }

  /** Standard normal. */
  gaussian(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
