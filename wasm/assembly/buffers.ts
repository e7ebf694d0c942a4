// Working memory of the core. The binding copies inputs into these regions and reads results
// back through cached views; the regions only move when `reserve` grows them.

/** Capacity of every region, in f32 elements (a power of two). */
export let capacity: i32 = 0;
/** Ping buffer: inputs land here; FFTs use it as one half of the Stockham ping-pong. */
export let bufA: usize = 0;
/** Pong buffer of the Stockham ping-pong. */
export let bufB: usize = 0;
/** Spectrum output: up to capacity + 2 floats (N/2 + 1 complex bins). */
export let bufO: usize = 0;
/** Second signal-sized region (kept input copies, Hilbert transforms). */
export let bufC: usize = 0;
/**
 * f64 accumulators: two rows of capacity/2 + 1 (Welch, spectral kurtosis); between Welch/SK
 * calls it also keeps the padded spectrum envelopeSpectra demodulates its bands from.
 */
export let bufAcc: usize = 0;
/** Small result area for scalar results (peaks, stats, phasors): 4096 f64. */
export let bufR: usize = 0;

export const RESULT_SLOTS: i32 = 4096;

function alloc16(bytes: usize): usize {
  // heap.alloc of the stub runtime is 16-byte aligned, which v128 loads prefer.
  return heap.alloc(bytes + 16);
}

/** Makes every region hold at least `n` floats (n rounded up to a power of two). */
export function reserve(n: i32): void {
  if (bufR == 0) bufR = alloc16(<usize>RESULT_SLOTS << 3);
  if (n <= capacity) return;
  let c: i32 = 256;
  while (c < n) c <<= 1;
  const bytes = <usize>c << 2;
  // The stub runtime cannot free; regions only grow by doubling, so at most half is dead.
  bufA = alloc16(bytes);
  bufB = alloc16(bytes);
  bufO = alloc16(bytes + 64); // N/2+1 complex bins: N+2 floats, with slack
  bufC = alloc16(bytes);
  bufAcc = alloc16(<usize>(c + 4) << 3);
  capacity = c;
}
