/**
 * The V8 heap setting a fleet node process is started with (`vtox dev`, `bench:fleet`, the
 * process tests, `deploy/node/vtox-node.sh`).
 *
 * Why: a fleet node keeps a small live heap (≈ 15 MB) but allocates fast (every window is decoded
 * into fresh sample arrays, spectra and result objects). With V8's defaults the old generation's
 * limit is recomputed from that small live size after each full collection, so the next one starts
 * almost at once: under load a node ran a Mark-Compact every ≈ 200 ms (`--trace-gc`), each pausing
 * its event loop 5–30 ms and keeping V8's background marking threads busy. A 256 MB initial old
 * generation lets the old generation grow to that size before it is collected again.
 *
 * It costs memory, not correctness. `bench:fleet` at a fixed 450 windows/s, with the setting and without it,
 * in alternating runs (the same machine speed; absolute figures drift with this shared machine): node CPU per window 1.58–1.66 ms vs 1.86–1.94 ms (backlog) and 1.91–1.97 vs
 * 2.21–2.30 ms (steady rate), p99 publish → HealthReport 54–58 ms vs 70–195 ms.
 *
 * It is a V8 start-up flag (Node does not accept it in NODE_OPTIONS), so whoever spawns a node
 * passes it: `node --initial-old-space-size=256 bin/vtox.js node ...`.
 * @module
 */

/**
 * Node/V8 flags for a fleet node process, placed before the script path.
 *
 * @example
 * ```ts
 * spawn(process.execPath, [...NODE_HEAP_FLAGS, "bin/vtox.js", "node", "--fleet"]);
 * ```
 */
export const NODE_HEAP_FLAGS: readonly string[] = ["--initial-old-space-size=256"];
