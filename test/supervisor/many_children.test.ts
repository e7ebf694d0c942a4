import { describe, expect, it } from "vitest";
import { Supervisor } from "../../supervisor/mod.ts";
import { VirtualClock, Workers, waitUntil } from "./fixtures.ts";

describe("a supervisor with many children", () => {
  it("adds, restarts, passivates and stops 10 000 dynamic children correctly", async () => {
    const n = 10_000;
    const workers = new Workers();
    const sup = await Supervisor.start("actors", { strategy: "one_for_one", maxRestarts: 100, clock: new VirtualClock() });
    await Promise.all(Array.from({ length: n }, (_, i) => sup.startChild(workers.spec(`actor-${i}`, { restart: "transient" }))));
    expect(sup.whichChildren()).toHaveLength(n);
    workers.current("actor-5000").crash(new Error("receive threw"));
    await waitUntil(() => workers.starts("actor-5000") === 2, "actor restarted");
    // Half of them passivate: terminated, then forgotten.
    for (let i = 0; i < n; i += 2) {
      await sup.terminateChild(`actor-${i}`);
      sup.deleteChild(`actor-${i}`);
    }
    const left = sup.whichChildren();
    expect(left).toHaveLength(n / 2);
    expect(left.every((c) => c.running)).toBe(true);
    workers.log.length = 0;
    await sup.stop();
    const expected = Array.from({ length: n / 2 }, (_, k) => `stop:actor-${n - 1 - 2 * k}`);
    expect(workers.log).toEqual(expected);
  });
});
