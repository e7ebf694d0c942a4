import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, resolveBackoff, Supervisor, SupervisorConfigError } from "../../supervisor/mod.ts";
import { EventLog, flushMicrotasks, ManualClock, VirtualClock, Workers, waitUntil } from "./fixtures.ts";

const noJitter = resolveBackoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 }, 5000, "test");

describe("backoffDelay", () => {
  it("grows by the factor per consecutive failure and stops at maxMs", () => {
    const delays = [1, 2, 3, 4, 5, 6, 40].map((attempt) => backoffDelay(attempt, noJitter, () => 0.5));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it("stays within [base·(1−jitter), base] for any random value, including a broken random source", () => {
    const backoff = resolveBackoff({ initialMs: 50, maxMs: 5000, factor: 3, jitter: 0.3 }, 5000, "test");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: -2, max: 3, noNaN: false }), (attempt, r) => {
        const base = Math.min(5000, 50 * 3 ** (attempt - 1));
        const d = backoffDelay(attempt, backoff, () => r);
        return d >= base * 0.7 - 1e-9 && d <= base + 1e-9;
      }),
    );
  });

  it("uses the random source: 0 gives the base, values near 1 give the lower bound", () => {
    const backoff = resolveBackoff({ initialMs: 100, maxMs: 1000, jitter: 0.5 }, 5000, "test");
    expect(backoffDelay(2, backoff, () => 0)).toBe(200);
    expect(backoffDelay(2, backoff, () => 0.999999)).toBeCloseTo(100, 3);
  });

  it("rejects an attempt below 1", () => {
    expect(() => backoffDelay(0, noJitter, Math.random)).toThrow(/attempt must be an integer >= 1, got 0/);
  });
});

describe("resolveBackoff", () => {
  it("fills the documented defaults", () => {
    expect(resolveBackoff({ initialMs: 10, maxMs: 20 }, 4000, "test")).toEqual({ initialMs: 10, maxMs: 20, factor: 2, jitter: 0.2, resetAfterMs: 4000 });
  });

  it.each([
    [{ initialMs: 0, maxMs: 10 }, "backoff.initialMs must be a finite number > 0, got 0"],
    [{ initialMs: 10, maxMs: 5 }, "backoff.maxMs must be a finite number >= initialMs (10), got 5"],
    [{ initialMs: 10, maxMs: 50, factor: 0.5 }, "backoff.factor must be a finite number >= 1, got 0.5"],
    [{ initialMs: 10, maxMs: 50, jitter: 1.5 }, "backoff.jitter must be a number in [0, 1], got 1.5"],
    [{ initialMs: 10, maxMs: 50, jitter: Number.NaN }, "backoff.jitter must be a number in [0, 1], got NaN"],
    [{ initialMs: 10, maxMs: 50, resetAfterMs: -1 }, "backoff.resetAfterMs must be a number > 0, got -1"],
  ])("rejects %o with a message naming the field", (options, message) => {
    expect(() => resolveBackoff(options, 5000, 'options for supervisor "x"')).toThrow(SupervisorConfigError);
    expect(() => resolveBackoff(options, 5000, 'options for supervisor "x"')).toThrow(`Invalid options for supervisor "x": ${message}`);
  });
});

describe("a supervisor with backoff", () => {
  it("waits longer before each consecutive restart of the same child, as reported in its events", async () => {
    const clock = new VirtualClock();
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start(
      "s",
      { strategy: "one_for_one", maxRestarts: 10, periodMs: 60_000, clock, backoff: { initialMs: 100, maxMs: 1000, jitter: 0 }, onEvent: events.listener },
      [workers.spec("w")],
    );
    for (let i = 1; i <= 5; i++) {
      workers.current("w").crash(new Error(`crash ${i}`));
      await waitUntil(() => workers.starts("w") === i + 1, `restart ${i}`);
    }
    expect(events.of("restarting").map((e) => [e.attempt, e.delayMs])).toEqual([[1, 100], [2, 200], [3, 400], [4, 800], [5, 1000]]);
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000]);
    await sup.stop();
  });

  it("draws jitter from the injected random source", async () => {
    const clock = new VirtualClock();
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start(
      "s",
      { strategy: "one_for_one", clock, random: () => 0.5, backoff: { initialMs: 100, maxMs: 1000, jitter: 0.4 }, onEvent: events.listener },
      [workers.spec("w")],
    );
    workers.current("w").crash(new Error("boom"));
    await waitUntil(() => workers.starts("w") === 2, "restart");
    expect(events.of("restarting")[0].delayMs).toBeCloseTo(80, 9);
    await sup.stop();
  });

  it("starts over at the initial delay once the child ran for resetAfterMs", async () => {
    const clock = new VirtualClock();
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start(
      "s",
      { strategy: "one_for_one", maxRestarts: 10, periodMs: 60_000, clock, backoff: { initialMs: 100, maxMs: 1000, jitter: 0, resetAfterMs: 5000 }, onEvent: events.listener },
      [workers.spec("w")],
    );
    workers.current("w").crash(new Error("1"));
    await waitUntil(() => workers.starts("w") === 2, "restart 1");
    workers.current("w").crash(new Error("2"));
    await waitUntil(() => workers.starts("w") === 3, "restart 2");
    clock.advance(5000); // a long healthy run
    workers.current("w").crash(new Error("3"));
    await waitUntil(() => workers.starts("w") === 4, "restart 3");
    expect(events.of("restarting").map((e) => e.delayMs)).toEqual([100, 200, 100]);
    await sup.stop();
  });

  it("is woken from a backoff sleep by stop() and does not start the child again", async () => {
    const workers = new Workers();
    const events = new EventLog();
    // The real clock with a one-hour backoff: only stop() can end the wait.
    const sup = await Supervisor.start(
      "s",
      { strategy: "one_for_one", backoff: { initialMs: 3_600_000, maxMs: 3_600_000 }, onEvent: events.listener },
      [workers.spec("w")],
    );
    workers.current("w").crash(new Error("boom"));
    await waitUntil(() => events.of("restarting").length === 1, "restart scheduled");
    await sup.stop();
    expect(workers.starts("w")).toBe(1);
    expect(sup.state).toBe("stopped");
  });

  it("one child's backoff wait holds up neither other children's restarts nor startChild", async () => {
    const clock = new ManualClock();
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start(
      "s",
      { strategy: "one_for_one", clock, backoff: { initialMs: 1000, maxMs: 1000, jitter: 0 }, onEvent: events.listener },
      [workers.spec("slow"), workers.spec("other")],
    );
    workers.current("slow").crash(new Error("boom"));
    await waitUntil(() => events.of("restarting", "slow").length === 1, "slow scheduled");
    await sup.startChild(workers.spec("added")); // resolves while "slow" still waits
    workers.current("other").crash(new Error("boom"));
    await waitUntil(() => events.of("restarting", "other").length === 1, "other scheduled");
    expect(workers.starts("slow")).toBe(1);
    expect(sup.whichChildren().map((c) => [c.id, c.running])).toEqual([["slow", false], ["other", false], ["added", true]]);
    clock.advance(1000);
    await waitUntil(() => workers.starts("slow") === 2 && workers.starts("other") === 2, "both restarted");
    await sup.stop();
  });

  it("terminating a child that waits for its restart cancels the restart", async () => {
    const clock = new ManualClock();
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", clock, backoff: { initialMs: 1000, maxMs: 1000 }, onEvent: events.listener }, [workers.spec("w")]);
    workers.current("w").crash(new Error("boom"));
    await waitUntil(() => events.of("restarting").length === 1, "restart scheduled");
    expect(() => sup.deleteChild("w")).toThrow("it is running or being restarted");
    await sup.terminateChild("w");
    clock.advance(1000);
    await flushMicrotasks();
    expect(workers.starts("w")).toBe(1);
    sup.deleteChild("w");
    expect(sup.whichChildren()).toEqual([]);
    await sup.stop();
  });

  it("a group restart waiting for its backoff is taken over by a later failure covering the same children", async () => {
    const clock = new ManualClock();
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start(
      "s",
      { strategy: "rest_for_one", clock, maxRestarts: 10, backoff: { initialMs: 1000, maxMs: 1000, jitter: 0 }, onEvent: events.listener },
      [workers.spec("a"), workers.spec("b"), workers.spec("c")],
    );
    workers.current("b").crash(new Error("b fails")); // plan: b, c after 1000 ms
    await waitUntil(() => events.of("restarting", "b").length === 1, "b scheduled");
    clock.advance(500);
    workers.current("a").crash(new Error("a fails")); // plan: a, b, c after 1000 ms, takes over b and c
    await waitUntil(() => events.of("restarting", "a").length === 1, "a scheduled");
    clock.advance(500); // the first plan wakes: nothing left for it to start
    await flushMicrotasks();
    expect([workers.starts("a"), workers.starts("b"), workers.starts("c")]).toEqual([1, 1, 1]);
    clock.advance(500);
    await waitUntil(() => workers.starts("c") === 2, "group restarted");
    expect(workers.log.filter((l) => l.startsWith("start:")).slice(3)).toEqual(["start:a", "start:b", "start:c"]);
    expect(sup.whichChildren().map((c) => c.restarts)).toEqual([1, 1, 1]);
    await sup.stop();
  });
});
