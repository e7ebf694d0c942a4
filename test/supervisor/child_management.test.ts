import { describe, expect, it } from "vitest";
import {
  ChildRunningError,
  DuplicateChildError,
  Supervisor,
  SupervisorConfigError,
  SupervisorNotRunningError,
  UnknownChildError,
  type ChildSpec,
} from "../../supervisor/mod.ts";
import { Workers } from "./fixtures.ts";

describe("managing children of a running supervisor", () => {
  it("startChild appends, terminateChild stops and keeps the spec, restartChild brings it back, deleteChild forgets it", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("a")]);
    await sup.startChild(workers.spec("b", { restart: "transient" }));
    expect(sup.whichChildren()).toEqual([
      { id: "a", running: true, restarts: 0, restart: "permanent" },
      { id: "b", running: true, restarts: 0, restart: "transient" },
    ]);
    await sup.terminateChild("a");
    expect(sup.whichChildren()[0]).toEqual({ id: "a", running: false, restarts: 0, restart: "permanent" });
    await sup.restartChild("a");
    expect(workers.starts("a")).toBe(2);
    await sup.terminateChild("a");
    sup.deleteChild("a");
    expect(sup.whichChildren().map((c) => c.id)).toEqual(["b"]);
    await sup.stop();
    expect(workers.log).toEqual(["start:a", "start:b", "stop:a", "start:a", "stop:a", "stop:b"]);
  });

  it("a terminated permanent child is not restarted: its end was asked for", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("a")]);
    await sup.terminateChild("a");
    await new Promise((r) => setTimeout(r, 5));
    expect(workers.starts("a")).toBe(1);
    await sup.stop();
  });

  it("terminating a temporary child drops its spec", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("t", { restart: "temporary" })]);
    await sup.terminateChild("t");
    expect(sup.whichChildren()).toEqual([]);
    await sup.stop();
  });

  it("refuses a duplicate id, an unknown id, deleting or restarting a running child, with named errors", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, [workers.spec("a")]);
    await expect(sup.startChild(workers.spec("a"))).rejects.toThrow(new DuplicateChildError("s", "a").message);
    await expect(sup.startChild(workers.spec("a"))).rejects.toMatchObject({ code: "SUPERVISOR_DUPLICATE_CHILD" });
    await expect(sup.terminateChild("nope")).rejects.toBeInstanceOf(UnknownChildError);
    await expect(sup.restartChild("a")).rejects.toBeInstanceOf(ChildRunningError);
    expect(() => sup.deleteChild("a")).toThrow(new ChildRunningError("s", "a", "delete").message);
    expect(() => sup.deleteChild("nope")).toThrow('Supervisor "s" has no child "nope"');
    expect(sup.stats().rejectedSpecs).toBe(2);
    await sup.stop();
  });

  it("refuses operations once stopped, naming the state", async () => {
    const workers = new Workers();
    const sup = await Supervisor.start("s", { strategy: "one_for_one" }, []);
    await sup.stop();
    await expect(sup.startChild(workers.spec("a"))).rejects.toThrow(new SupervisorNotRunningError("s", 'start child "a"', "stopped").message);
    await expect(sup.start()).rejects.toBeInstanceOf(SupervisorNotRunningError);
    expect(workers.starts("a")).toBe(0);
  });

  it("a supervisor stopped before it was started ends cleanly without starting anything", async () => {
    const workers = new Workers();
    const sup = new Supervisor("s", { strategy: "one_for_one" }, [workers.spec("a")]);
    await sup.stop();
    await expect(sup.done).resolves.toBeUndefined();
    expect(workers.log).toEqual([]);
  });
});

/** A start function that breaks the contract; the specs using it must be refused before it runs. */
const returnsNothing = (): null => null;

describe("bad options and specs", () => {
  it.each([
    [{ strategy: "one_for_some" }, 'Invalid options for supervisor "s": strategy must be one of one_for_one | one_for_all | rest_for_one, got "one_for_some"'],
    [{ strategy: "one_for_one", maxRestarts: -1 }, "maxRestarts must be an integer >= 0, got -1"],
    [{ strategy: "one_for_one", maxRestarts: 1.5 }, "maxRestarts must be an integer >= 0, got 1.5"],
    [{ strategy: "one_for_one", periodMs: 0 }, "periodMs must be a finite number > 0, got 0"],
    [{ strategy: "one_for_one", shutdownMs: Number.NaN }, "shutdownMs must be a number >= 0 (or Infinity), got NaN"],
    [{ strategy: "one_for_one", onEvent: "log" }, 'onEvent must be a function, got "log"'],
    [{ strategy: "one_for_one", clock: {} }, "clock must be an object with now() and sleep(), got object"],
    [{ strategy: "one_for_one", backoff: { initialMs: -5, maxMs: 10 } }, "backoff.initialMs must be a finite number > 0, got -5"],
  ])("options %o are refused: %s", (options, message) => {
    expect(() => new Supervisor("s", options as never)).toThrow(SupervisorConfigError);
    expect(() => new Supervisor("s", options as never)).toThrow(message);
  });

  it.each([
    [{ start: returnsNothing }, 'Invalid child spec for supervisor "s": id must be a non-empty string, got nothing'],
    [{ id: "", start: returnsNothing }, "id must be a non-empty string, got \"\""],
    [{ id: "x", restart: "sometimes", start: returnsNothing }, 'Invalid child spec "x" for supervisor "s": restart must be one of permanent | transient | temporary, got "sometimes"'],
    [{ id: "x" }, 'child spec "x" for supervisor "s": start must be a function, got nothing'],
    [{ id: "x", start: returnsNothing, shutdownMs: -1 }, "shutdownMs must be a number >= 0 (or Infinity), got -1"],
  ])("child spec %o is refused: %s", async (spec, message) => {
    expect(() => new Supervisor("s", { strategy: "one_for_one" }, [spec as unknown as ChildSpec])).toThrow(message);
    const sup = await Supervisor.start("s", { strategy: "one_for_one" });
    await expect(sup.startChild(spec as unknown as ChildSpec)).rejects.toThrow(message);
    expect(sup.stats().rejectedSpecs).toBe(1);
    await sup.stop();
  });

  it("refuses two children with the same id at construction, an empty name and a non-array of children", () => {
    const workers = new Workers();
    expect(() => new Supervisor("s", { strategy: "one_for_one" }, [workers.spec("a"), workers.spec("a")])).toThrow(DuplicateChildError);
    expect(() => new Supervisor("", { strategy: "one_for_one" })).toThrow('Invalid supervisor: name must be a non-empty string, got ""');
    expect(() => new Supervisor("s", { strategy: "one_for_one" }, {} as never)).toThrow("children must be an array of child specs, got object");
  });
});
