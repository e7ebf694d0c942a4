import { describe, expect, it } from "vitest";
import { ChildStartError, Supervisor, SupervisorIntensityError } from "../../supervisor/mod.ts";
import { EventLog, VirtualClock, Workers, waitUntil } from "./fixtures.ts";

describe("a child whose start throws", () => {
  it("at the initial start: the started children are stopped in reverse order and start rejects with ChildStartError", async () => {
    const workers = new Workers();
    const sup = new Supervisor("s", { strategy: "one_for_one" }, [
      workers.spec("a"),
      workers.spec("b"),
      workers.spec("broken", { failStarts: 1 }),
      workers.spec("never"),
    ]);
    const err = await sup.start().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChildStartError);
    expect(err).toMatchObject({ code: "SUPERVISOR_CHILD_START", supervisor: "s", childId: "broken" });
    expect((err as Error).message).toBe('Supervisor "s" could not start child "broken": Error: scripted start failure of broken');
    expect(((err as Error).cause as Error).message).toBe("scripted start failure of broken");
    expect(workers.log).toEqual(["start:a", "start:b", "start_failed:broken", "stop:b", "stop:a"]);
    await expect(sup.done).rejects.toBe(err);
    expect(sup.state).toBe("failed");
  });

  it("that returns something that is not a Child is refused with a clear error", async () => {
    const err = await Supervisor.start("s", { strategy: "one_for_one" }, [
      { id: "odd", start: () => ({ done: "not a promise" }) as never },
    ]).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChildStartError);
    expect((err as Error).message).toContain("start() must return a Child (a done promise and a stop function), got object");
  });

  it("whose start throws synchronously or rejects is treated the same", async () => {
    const sync = await Supervisor.start("s", { strategy: "one_for_one" }, [{ id: "x", start: () => { throw new RangeError("sync"); } }]).catch((e: unknown) => e);
    const async_ = await Supervisor.start("s", { strategy: "one_for_one" }, [{ id: "x", start: () => Promise.reject(new RangeError("async")) }]).catch((e: unknown) => e);
    expect(sync).toBeInstanceOf(ChildStartError);
    expect(async_).toBeInstanceOf(ChildStartError);
  });

  it("during a restart: the failed start counts as another failure and is retried until it succeeds", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const clock = new VirtualClock();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", maxRestarts: 5, clock, onEvent: events.listener, backoff: { initialMs: 10, maxMs: 1000, jitter: 0 } }, [workers.spec("w")]);
    workers.scripts.get("w")!.failStarts = 2;
    workers.current("w").crash(new Error("boom"));
    await waitUntil(() => workers.starts("w") === 2, "restart after two failed starts");
    expect(workers.log).toEqual(["start:w", "start_failed:w", "start_failed:w", "start:w"]);
    expect(events.of("restarting").map((e) => [e.attempt, e.delayMs, e.reason])).toEqual([
      [1, 10, "crash"],
      [2, 20, "start failed"],
      [3, 40, "start failed"],
    ]);
    expect(sup.whichChildren()).toEqual([{ id: "w", running: true, restarts: 1, restart: "permanent" }]);
    expect(sup.stats()).toMatchObject({ crashes: 1, startFailures: 2, restarts: 1 });
    await sup.stop();
  });

  it("during a restart, past the intensity: the supervisor fails with the start error as cause", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", maxRestarts: 2, clock: new VirtualClock() }, [workers.spec("w")]);
    workers.scripts.get("w")!.failStarts = 100;
    workers.current("w").crash(new Error("boom"));
    const err = await sup.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SupervisorIntensityError);
    expect((err as Error).cause).toBeInstanceOf(ChildStartError);
    expect(workers.log).toEqual(["start:w", "start_failed:w", "start_failed:w"]);
  });

  it("in a one_for_all group restart: the children started before it are taken down and the group restarts again", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_all", maxRestarts: 5, clock: new VirtualClock() }, [workers.spec("a"), workers.spec("b"), workers.spec("c")]);
    workers.scripts.get("b")!.failStarts = 1;
    workers.log.length = 0;
    workers.current("c").crash(new Error("boom"));
    await waitUntil(() => workers.starts("c") === 2, "group restarted");
    expect(workers.log).toEqual(["stop:b", "stop:a", "start:a", "start_failed:b", "stop:a", "start:a", "start:b", "start:c"]);
    await sup.stop();
  });

  it("added with startChild: the spec is not kept and the supervisor keeps running", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("a")]);
    await expect(sup.startChild(workers.spec("bad", { failStarts: 1 }))).rejects.toBeInstanceOf(ChildStartError);
    expect(sup.whichChildren().map((c) => c.id)).toEqual(["a"]);
    expect(sup.state).toBe("running");
    await sup.stop();
  });

  it("while stop() is waiting: the supervisor ends failed, done rejects once, stop() resolves", async () => {
    const events = new EventLog();
    let failStart!: (e: Error) => void;
    const workers = new Workers();
    const sup = new Supervisor("s", { strategy: "one_for_one", onEvent: events.listener }, [
      workers.spec("a"),
      { id: "slow", start: () => new Promise((_, reject) => (failStart = reject)) },
    ]);
    const started = sup.start().catch((e: unknown) => e);
    await waitUntil(() => failStart !== undefined, "slow start begun");
    const stopped = sup.stop();
    failStart(new Error("no connection"));
    expect(await started).toBeInstanceOf(ChildStartError);
    await expect(stopped).resolves.toBeUndefined();
    await expect(sup.done).rejects.toBeInstanceOf(ChildStartError);
    expect(sup.state).toBe("failed");
    expect(events.of("stopped").filter((e) => e.childId === undefined)).toHaveLength(1);
    expect(workers.log).toEqual(["start:a", "stop:a"]);
  });
});
