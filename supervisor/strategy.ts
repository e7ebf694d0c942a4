/**
 * Restart strategies: which children a failure takes down and restarts.
 * @module
 */

/**
 * - `one_for_one`: only the failed child is restarted.
 * - `one_for_all`: all children are stopped (reverse start order) and restarted (start order).
 * - `rest_for_one`: the failed child and every child started after it are restarted.
 */
export type RestartStrategy = "one_for_one" | "one_for_all" | "rest_for_one";

/** All strategies, for validation and iteration. */
export const RESTART_STRATEGIES: readonly RestartStrategy[] = ["one_for_one", "one_for_all", "rest_for_one"];

/**
 * Positions (in start order, ascending) of the children affected when the child at
 * `failedIndex` of `count` children fails.
 *
 * @example
 * affectedChildren("rest_for_one", 4, 1); // [1, 2, 3]
 */
export function affectedChildren(strategy: RestartStrategy, count: number, failedIndex: number): number[] {
  if (!Number.isInteger(failedIndex) || failedIndex < 0 || failedIndex >= count) {
    throw new RangeError(`failedIndex must be an integer in [0, ${count}), got ${failedIndex}`);
  }
  switch (strategy) {
    case "one_for_one":
      return [failedIndex];
    case "one_for_all":
      return Array.from({ length: count }, (_, i) => i);
    case "rest_for_one":
      return Array.from({ length: count - failedIndex }, (_, i) => failedIndex + i);
  }
}
