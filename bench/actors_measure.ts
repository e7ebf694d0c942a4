/**
 * Measurement loops shared by the actor benchmarks: a fixed number of operations with a bounded
 * window in flight, or as many as possible in a duration with `n` callers.
 * @module
 */

/** Runs `fn` with `concurrency` callers for `durationMs`; returns completed operations per second. */
export async function ratePerSecond(concurrency: number, durationMs: number, fn: (worker: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    while (performance.now() < deadline) {
      await fn(w);
      done++;
    }
  }));
  return done / ((performance.now() - start) / 1000);
}

/** Runs `fn(i)` for i in 0..n-1 keeping at most `window` in flight; resolves when all finished. */
export async function pipelined(n: number, window: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(window, n) }, async () => {
    while (next < n) await fn(next++);
  }));
}

/** Resolves once `cond()` holds (polling), or rejects after `timeoutMs`. */
export async function until(what: string, cond: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`benchmark stalled waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The payload every pattern sends: ~256 bytes once CBOR-encoded in an envelope. */
export function benchBody(i: number): { n: number; pad: Uint8Array } {
  return { n: i, pad: new Uint8Array(180).fill(i & 0xff) };
}
