import { describe, expect, it } from "vitest";
import { Supervisor } from "../../supervisor/mod.ts";
import { EventLog, VirtualClock, Workers, waitUntil } from "./fixtures.ts";

function start(workers: Workers, events: EventLog, strategy: "one_for_one" | "one_for_all" = "one_for_one", specs = [workers.spec("w")]) {
  return Supervisor.start("s", { strategy, maxRestarts: 10, clock: new VirtualClock(), onEvent: events.listener }, specs);
}

describe("permanent children", () => {
  it("are restarted after a crash", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_one", [workers.spec("w", { restart: "permanent" })]);
    workers.current("w").crash(new Error("boom"));
    await waitUntil(() => workers.starts("w") === 2, "restart");
    expect(events.of("exited", "w")[0]).toMatchObject({ reason: "crash", error: new Error("boom") });
    await sup.stop();
  });

  it("are restarted after a normal exit too", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_one", [workers.spec("w", { restart: "permanent" })]);
    workers.current("w").exit();
    await waitUntil(() => workers.starts("w") === 2, "restart");
    expect(events.of("restarting", "w")[0]).toMatchObject({ reason: "normal exit" });
    await sup.stop();
  });
});

describe("transient children", () => {
  it("are restarted after a crash", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_one", [workers.spec("w", { restart: "transient" })]);
    workers.current("w").crash(new Error("boom"));
    await waitUntil(() => workers.starts("w") === 2, "restart");
    await sup.stop();
  });

  it("are not restarted after a normal exit, and keep their spec", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_one", [workers.spec("w", { restart: "transient" })]);
    workers.current("w").exit();
    await waitUntil(() => events.of("exited", "w").length === 1, "exit seen");
    expect(events.of("restarting")).toHaveLength(0);
    expect(workers.starts("w")).toBe(1);
    expect(sup.whichChildren()).toEqual([{ id: "w", running: false, restarts: 0, restart: "transient" }]);
    await sup.restartChild("w");
    expect(workers.starts("w")).toBe(2);
    await sup.stop();
  });

  it("that ended normally are not brought back by a sibling's one_for_all restart", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_all", [workers.spec("t", { restart: "transient" }), workers.spec("p")]);
    workers.current("t").exit();
    await waitUntil(() => events.of("exited", "t").length === 1, "t exit seen");
    workers.current("p").crash(new Error("boom"));
    await waitUntil(() => workers.starts("p") === 2, "p restarted");
    expect(workers.starts("t")).toBe(1);
    expect(events.of("restarting")[0].affected).toEqual(["p"]);
    await sup.stop();
  });
});

describe("temporary children", () => {
  it("are never restarted, after a crash or a normal exit, and their spec is dropped", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_one", [
      workers.spec("crashes", { restart: "temporary" }),
      workers.spec("exits", { restart: "temporary" }),
    ]);
    workers.current("crashes").crash(new Error("boom"));
    workers.current("exits").exit();
    await waitUntil(() => events.of("exited").length === 2, "both exits seen");
    expect(events.of("restarting")).toHaveLength(0);
    expect(sup.whichChildren()).toEqual([]);
    await sup.stop();
  });

  it("taken down by a sibling's one_for_all restart are stopped and not started again", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_all", [workers.spec("tmp", { restart: "temporary" }), workers.spec("p")]);
    workers.log.length = 0;
    workers.current("p").crash(new Error("boom"));
    await waitUntil(() => workers.starts("p") === 2, "p restarted");
    expect(workers.log).toEqual(["stop:tmp", "start:p"]);
    expect(sup.whichChildren().map((c) => c.id)).toEqual(["p"]);
    await sup.stop();
  });

  it("crashing does not restart their siblings under one_for_all", async () => {
    const workers = new Workers();
    const events = new EventLog();
    const sup = await start(workers, events, "one_for_all", [workers.spec("tmp", { restart: "temporary" }), workers.spec("p")]);
    workers.current("tmp").crash(new Error("boom"));
    await waitUntil(() => events.of("exited", "tmp").length === 1, "exit seen");
    expect(workers.starts("p")).toBe(1);
    expect(events.of("restarting")).toHaveLength(0);
    await sup.stop();
  });
});
