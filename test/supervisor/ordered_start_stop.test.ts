import { describe, expect, it } from "vitest";
import { controlledChild, Supervisor } from "../../supervisor/mod.ts";
import { EventLog, Workers, waitUntil } from "./fixtures.ts";

describe("start and stop order", () => {
  it("starts children in spec order and stops them in reverse order", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("a"), workers.spec("b"), workers.spec("c")]);
    await sup.startChild(workers.spec("d"));
    await sup.stop("bye");
    expect(workers.log).toEqual(["start:a", "start:b", "start:c", "start:d", "stop:d", "stop:c", "stop:b", "stop:a"]);
    await expect(sup.done).resolves.toBeUndefined();
    expect(sup.state).toBe("stopped");
  });

  it("passes the stop reason to each child and reports it", async () => {
    const events = new EventLog();
    const reasons: string[] = [];
    const sup = await Supervisor.start("s", { strategy: "one_for_one", onEvent: events.listener }, [
      { id: "a", start: () => controlledChild((reason) => void reasons.push(reason)).child },
    ]);
    await sup.stop("maintenance");
    expect(reasons).toEqual(["maintenance"]);
    expect(events.of("stopped").map((e) => [e.childId, e.reason])).toEqual([["a", "maintenance"], [undefined, "maintenance"]]);
    expect(events.of("shutdown_timeout")).toEqual([]);
  });

  it("is idempotent: concurrent and repeated stop() calls stop each child once", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("a"), workers.spec("b")]);
    await Promise.all([sup.stop(), sup.stop(), sup.stop()]);
    await sup.stop();
    expect(workers.log.filter((l) => l.startsWith("stop:"))).toEqual(["stop:b", "stop:a"]);
  });

  it("moves on after a child's shutdown time when it does not stop, and still stops the earlier ones", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", onEvent: events.listener }, [
      workers.spec("a"),
      workers.spec("stuck", { hangOnStop: true, shutdownMs: 20 }),
    ]);
    await sup.stop();
    expect(workers.log).toEqual(["start:a", "start:stuck", "stop:stuck", "stop:a"]);
    expect(events.of("shutdown_timeout")).toMatchObject([{ childId: "stuck", reason: "did not stop within 20 ms" }]);
    expect(sup.stats().shutdownTimeouts).toBe(1);
  });

  it("moves on when a child's stop() throws, reporting stop_failed", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", onEvent: events.listener }, [
      workers.spec("a"),
      workers.spec("bad", { throwOnStop: true }),
    ]);
    await sup.stop();
    expect(workers.log).toEqual(["start:a", "start:bad", "stop:bad", "stop:a"]);
    expect(events.of("stop_failed")).toMatchObject([{ childId: "bad", reason: "Error: scripted stop failure of bad" }]);
  });

  it("a nested supervisor stops its own subtree, in reverse order, inside its parent's stop", async () => {
    const workers = new Workers();
    const root = await Supervisor.start("root", { strategy: "one_for_one" }, [
      workers.spec("a"),
      Supervisor.childSpec("sub", { strategy: "one_for_all" }, [workers.spec("s1"), workers.spec("s2")]),
      workers.spec("z"),
    ]);
    await root.stop();
    expect(workers.log).toEqual(["start:a", "start:s1", "start:s2", "start:z", "stop:z", "stop:s2", "stop:s1", "stop:a"]);
  });

  it("an onEvent listener that throws does not disturb supervision", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one", onEvent: () => { throw new Error("bad listener"); } }, [workers.spec("a")]);
    await sup.stop();
    expect(workers.log).toEqual(["start:a", "stop:a"]);
  });

  it("stop() during a group restart lets the child being started finish, starts no more, and stops what runs", async () => {
    const workers = new Workers();
    let release!: () => void;
    let aStarts = 0;
    const slowA = {
      id: "a",
      start: async () => {
        aStarts++;
        if (aStarts === 2) await new Promise<void>((r) => (release = r));
        return workers.spec("a").start();
      },
    };
    const sup = await Supervisor.start("s", { strategy: "one_for_all" }, [slowA, workers.spec("b"), workers.spec("c")]);
    workers.log.length = 0;
    workers.current("b").crash(new Error("boom"));
    await waitUntil(() => release !== undefined, "a restarting");
    const stopped = sup.stop();
    release();
    await stopped;
    expect(workers.log).toEqual(["stop:c", "stop:a", "start:a", "stop:a"]);
    expect(workers.starts("b")).toBe(1);
  });
});
