import { describe, expect, it } from "vitest";
import { affectedChildren, Supervisor } from "../../supervisor/mod.ts";
import { EventLog, VirtualClock, Workers, waitUntil } from "./fixtures.ts";

async function threeChildren(strategy: "one_for_one" | "one_for_all" | "rest_for_one") {
  const workers = new Workers();
  const events = new EventLog();
  const sup = await Supervisor.start("s", { strategy, maxRestarts: 10, clock: new VirtualClock(), onEvent: events.listener }, [
    workers.spec("a"),
    workers.spec("b"),
    workers.spec("c"),
  ]);
  workers.log.length = 0;
  return { workers, events, sup };
}

describe("affectedChildren", () => {
  it("names the failed child only for one_for_one, all for one_for_all, the failed and later ones for rest_for_one", () => {
    expect(affectedChildren("one_for_one", 4, 2)).toEqual([2]);
    expect(affectedChildren("one_for_all", 4, 2)).toEqual([0, 1, 2, 3]);
    expect(affectedChildren("rest_for_one", 4, 1)).toEqual([1, 2, 3]);
    expect(affectedChildren("rest_for_one", 4, 3)).toEqual([3]);
  });
  it("rejects a position outside the children", () => {
    expect(() => affectedChildren("one_for_one", 2, 2)).toThrow(/failedIndex must be an integer in \[0, 2\), got 2/);
  });
});

describe("one_for_one", () => {
  it("restarts only the crashed child and leaves its siblings' instances running", async () => {
    const { workers, sup } = await threeChildren("one_for_one");
    const a0 = workers.current("a");
    const c0 = workers.current("c");
    workers.current("b").crash(new Error("boom"));
    await waitUntil(() => workers.starts("b") === 2, "b restarted");
    expect(workers.log).toEqual(["start:b"]);
    expect(workers.current("a")).toBe(a0);
    expect(workers.current("c")).toBe(c0);
    expect(sup.whichChildren()).toEqual([
      { id: "a", running: true, restarts: 0, restart: "permanent" },
      { id: "b", running: true, restarts: 1, restart: "permanent" },
      { id: "c", running: true, restarts: 0, restart: "permanent" },
    ]);
    await sup.stop();
  });
});

describe("one_for_all", () => {
  it("stops the siblings in reverse start order, then starts all children in start order", async () => {
    const { workers, events, sup } = await threeChildren("one_for_all");
    workers.current("b").crash(new Error("boom"));
    await waitUntil(() => workers.starts("c") === 2, "all restarted");
    expect(workers.log).toEqual(["stop:c", "stop:a", "start:a", "start:b", "start:c"]);
    expect(sup.whichChildren().map((c) => c.restarts)).toEqual([1, 1, 1]);
    expect(events.of("restarting")[0]).toMatchObject({ childId: "b", attempt: 1, affected: ["a", "b", "c"], reason: "crash" });
    await sup.stop();
  });

  it("ignores the ends of the sibling instances it stopped itself (no cascade of restarts)", async () => {
    const { workers, events, sup } = await threeChildren("one_for_all");
    workers.current("a").crash(new Error("boom"));
    await waitUntil(() => workers.starts("c") === 2, "all restarted");
    await sup.stop();
    expect(events.of("restarting")).toHaveLength(1);
    expect(events.of("exited")).toHaveLength(1);
  });

  it("two children crashing in the same tick cause one group restart, not two", async () => {
    const { workers, events, sup } = await threeChildren("one_for_all");
    workers.current("a").crash(new Error("boom a"));
    workers.current("b").crash(new Error("boom b"));
    await waitUntil(() => workers.starts("c") === 2, "all restarted");
    await sup.stop();
    expect(events.of("restarting")).toHaveLength(1);
    expect([workers.starts("a"), workers.starts("b"), workers.starts("c")]).toEqual([2, 2, 2]);
  });
});

describe("rest_for_one", () => {
  it("restarts the crashed child and the ones started after it, never the earlier ones", async () => {
    const { workers, sup } = await threeChildren("rest_for_one");
    const a0 = workers.current("a");
    workers.current("b").crash(new Error("boom"));
    await waitUntil(() => workers.starts("c") === 2, "b and c restarted");
    expect(workers.log).toEqual(["stop:c", "start:b", "start:c"]);
    expect(workers.current("a")).toBe(a0);
    expect(sup.whichChildren().map((c) => c.restarts)).toEqual([0, 1, 1]);
    await sup.stop();
  });

  it("restarts only the last child when the last child crashes", async () => {
    const { workers, sup } = await threeChildren("rest_for_one");
    workers.current("c").crash(new Error("boom"));
    await waitUntil(() => workers.starts("c") === 2, "c restarted");
    expect(workers.log).toEqual(["start:c"]);
    await sup.stop();
  });

  it("does not bring back a later child that was terminated on purpose", async () => {
    const { workers, sup } = await threeChildren("rest_for_one");
    await sup.terminateChild("c");
    workers.log.length = 0;
    workers.current("a").crash(new Error("boom"));
    await waitUntil(() => workers.starts("b") === 2, "a and b restarted");
    expect(workers.log).toEqual(["stop:b", "start:a", "start:b"]);
    expect(sup.whichChildren().find((c) => c.id === "c")).toEqual({ id: "c", running: false, restarts: 0, restart: "permanent" });
    await sup.stop();
  });
});
