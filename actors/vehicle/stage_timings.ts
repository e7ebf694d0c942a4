/**
 * Recent per-stage timings of the vehicle actors on one node (ring buffers), so the node status
 * can say where a window's time goes: waiting to reach the actor, analysis, result publishing.
 * @module
 */

/** The measured stages. */
export type Stage = "toActor" | "analysis" | "publish";

/** Ring buffers of the last `size` samples per stage, in ms. */
export class StageTimings {
  readonly #size: number;
  readonly #buf: Record<Stage, Float64Array>;
  readonly #n: Record<Stage, number> = { toActor: 0, analysis: 0, publish: 0 };

  constructor(size = 512) {
    this.#size = size;
    this.#buf = { toActor: new Float64Array(size), analysis: new Float64Array(size), publish: new Float64Array(size) };
  }

  /** Records one sample. */
  add(stage: Stage, ms: number): void {
    this.#buf[stage][this.#n[stage]++ % this.#size] = ms;
  }

  /** p50 and p99 per stage over the samples kept (undefined when none). */
  quantiles(): Partial<Record<Stage, { p50: number; p99: number }>> {
    const out: Partial<Record<Stage, { p50: number; p99: number }>> = {};
    for (const stage of Object.keys(this.#buf) as Stage[]) {
      const n = Math.min(this.#n[stage], this.#size);
      if (!n) continue;
      const xs = Array.from(this.#buf[stage].subarray(0, n)).sort((a, b) => a - b);
      out[stage] = { p50: +xs[Math.floor(n * 0.5)]!.toFixed(1), p99: +xs[Math.min(n - 1, Math.floor(n * 0.99))]!.toFixed(1) };
    }
    return out;
  }
}
