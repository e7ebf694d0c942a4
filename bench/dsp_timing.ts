// Round-robin timing: every contender runs one batch per round, in rotating order, so drift in
// machine load spreads evenly; per-call times are batch time / batch size.

/** A named operation to time. */
export interface Contender {
  name: string;
  run(): void;
}

/** Per-contender per-call times in microseconds. */
export interface Timing {
  name: string;
  samplesUs: number[];
  medianUs: number;
  p10Us: number;
}

export function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/**
 * Warms every contender up, sizes batches to ~batchUs, then takes `rounds` round-robin samples.
 */
export function roundRobin(contenders: Contender[], rounds: number, batchUs = 200, warmupMs = 150): Timing[] {
  const reps = contenders.map((c) => {
    const until = performance.now() + warmupMs;
    let calls = 0;
    while (performance.now() < until) {
      c.run();
      calls++;
    }
    const perCallUs = (warmupMs * 1000) / calls;
    return Math.max(1, Math.round(batchUs / perCallUs));
  });
  const samples: number[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const i = (j + r) % contenders.length;
      const c = contenders[i];
      const n = reps[i];
      const t0 = performance.now();
      for (let k = 0; k < n; k++) c.run();
      samples[i].push(((performance.now() - t0) * 1000) / n);
    }
  }
  return contenders.map((c, i) => {
    const sorted = [...samples[i]].sort((a, b) => a - b);
    return { name: c.name, samplesUs: samples[i], medianUs: quantile(sorted, 0.5), p10Us: quantile(sorted, 0.1) };
  });
}
