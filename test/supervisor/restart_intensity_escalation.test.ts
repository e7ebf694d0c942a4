import { describe, expect, it } from "vitest";
import { controlledChild, RestartIntensity, Supervisor, SupervisorIntensityError, type ChildSpec } from "../../supervisor/mod.ts";
import { EventLog, VirtualClock, Workers, waitUntil } from "./fixtures.ts";

describe("RestartIntensity", () => {
  it("allows maxRestarts restarts within the period and refuses one more", () => {
    const window = new RestartIntensity(2, 1000);
    expect(window.record(0)).toBe(true);
    expect(window.record(10)).toBe(true);
    expect(window.record(20)).toBe(false);
  });

  it("forgets restarts once they are a full period old", () => {
    const window = new RestartIntensity(2, 1000);
    expect(window.record(0)).toBe(true);
    expect(window.record(500)).toBe(true);
    expect(window.record(1000)).toBe(true); // the restart at 0 has left the window
    expect(window.recent(1000)).toBe(2);
    expect(window.record(1499)).toBe(false);
  });

  it("with maxRestarts 0 refuses the first restart", () => {
    expect(new RestartIntensity(0, 1000).record(0)).toBe(false);
  });
});

describe("a supervisor past its restart intensity", () => {
  it("stops its other children in reverse order, reports intensity_exceeded and rejects done", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", maxRestarts: 2, periodMs: 1000, clock: new VirtualClock(), onEvent: events.listener }, [
      workers.spec("a"),
      workers.spec("flaky"),
      workers.spec("c"),
    ]);
    for (let i = 1; i <= 2; i++) {
      workers.current("flaky").crash(new Error(`crash ${i}`));
      await waitUntil(() => workers.starts("flaky") === i + 1, `restart ${i}`);
    }
    workers.log.length = 0;
    workers.current("flaky").crash(new Error("crash 3"));
    const err = await sup.done.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SupervisorIntensityError);
    expect(err).toMatchObject({ code: "SUPERVISOR_INTENSITY", supervisor: "s", childId: "flaky", maxRestarts: 2, periodMs: 1000 });
    expect((err as Error).cause).toEqual(new Error("crash 3"));
    expect((err as Error).message).toContain('child "flaky" needed more than 2 restart(s) within 1000 ms');
    expect(workers.log).toEqual(["stop:c", "stop:a"]);
    expect(events.of("intensity_exceeded")).toHaveLength(1);
    expect(sup.state).toBe("failed");
    expect(sup.whichChildren().every((c) => !c.running)).toBe(true);
    await sup.stop(); // already failed: resolves, does nothing
  });

  it("keeps restarting when the restarts are spread wider than the period", async () => {
    const workers = new Workers();
    const clock = new VirtualClock();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", maxRestarts: 1, periodMs: 1000, clock }, [workers.spec("w")]);
    for (let i = 1; i <= 5; i++) {
      clock.advance(1000);
      workers.current("w").crash(new Error(`crash ${i}`));
      await waitUntil(() => workers.starts("w") === i + 1, `restart ${i}`);
    }
    expect(sup.state).toBe("running");
    await sup.stop();
    await expect(sup.done).resolves.toBeUndefined();
  });
});

describe("escalation through a 3-level tree", () => {
  it("a leaf that keeps crashing exhausts leaf, then middle, then root; the root's done rejects", async () => {
    const clock = new VirtualClock();
    const leafEvents = new EventLog();
    const midEvents = new EventLog();
    const rootEvents = new EventLog();
    let workerStarts = 0;
    const siblingStarts = { count: 0 };
    // The worker crashes as soon as it starts: every level sees its child fail again and again.
    const crashingWorker: ChildSpec = {
      id: "worker",
      start: () => {
        workerStarts++;
        const h = controlledChild();
        queueMicrotask(() => h.crash(new Error(`worker crash #${workerStarts}`)));
        return h.child;
      },
    };
    const steadySibling: ChildSpec = {
      id: "steady",
      start: () => {
        siblingStarts.count++;
        return controlledChild().child;
      },
    };
    const opts = { maxRestarts: 2, periodMs: 10_000, clock };
    const root = await Supervisor.start("root", { ...opts, strategy: "one_for_one", onEvent: rootEvents.listener }, [
      steadySibling,
      Supervisor.childSpec("mid", { ...opts, strategy: "one_for_one", onEvent: midEvents.listener }, [
        Supervisor.childSpec("leaf", { ...opts, strategy: "one_for_one", onEvent: leafEvents.listener }, [crashingWorker]),
      ]),
    ]);
    const err = await root.done.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SupervisorIntensityError);
    expect(err).toMatchObject({ supervisor: "root", childId: "mid" });
    // The chain of causes leads from the root down to the worker's crash.
    const midErr = (err as Error).cause as SupervisorIntensityError;
    expect(midErr).toMatchObject({ supervisor: "mid", childId: "leaf" });
    const leafErr = midErr.cause as SupervisorIntensityError;
    expect(leafErr).toMatchObject({ supervisor: "leaf", childId: "worker" });
    expect((leafErr.cause as Error).message).toMatch(/^worker crash #\d+$/);
    // Each level tried maxRestarts restarts of its child before giving up.
    expect(rootEvents.of("restarted", "mid")).toHaveLength(2);
    expect(rootEvents.of("intensity_exceeded", "mid")).toHaveLength(1);
    // Every mid instance (3) restarted leaf twice; every leaf instance (3·3) restarted the worker twice.
    expect(midEvents.of("intensity_exceeded", "leaf")).toHaveLength(3);
    expect(leafEvents.of("intensity_exceeded", "worker")).toHaveLength(9);
    expect(workerStarts).toBe(27);
    // The root stopped its steady sibling when it gave up; it never restarted it.
    expect(siblingStarts.count).toBe(1);
    expect(rootEvents.of("stopped", "steady")).toHaveLength(1);
    expect(root.state).toBe("failed");
  });

  it("a middle supervisor that recovers keeps the root untouched", async () => {
    const clock = new VirtualClock();
    const workers = new Workers();
    const rootEvents = new EventLog();
    const opts = { maxRestarts: 2, periodMs: 10_000, clock };
    const root = await Supervisor.start("root", { ...opts, strategy: "one_for_one", onEvent: rootEvents.listener }, [
      Supervisor.childSpec("mid", { ...opts, strategy: "one_for_one" }, () => [
        Supervisor.childSpec("leaf", { ...opts, strategy: "one_for_one" }, () => [workers.spec("w")]),
      ]),
    ]);
    workers.current("w").crash(new Error("one crash"));
    await waitUntil(() => workers.starts("w") === 2, "leaf restarted its worker");
    expect(rootEvents.of("restarting")).toHaveLength(0);
    expect(root.state).toBe("running");
    await root.stop();
    expect(workers.current("w").ended).toBe(true);
  });
});
