import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Supervisor, SupervisorIntensityError, type RestartStrategy, type RestartType } from "../../supervisor/mod.ts";
import { flushMicrotasks, ManualClock, VirtualClock, Workers, waitUntil } from "./fixtures.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

describe("properties of supervision under random crash sequences", () => {
  it("the supervisor fails exactly at the first crash that makes more than maxRestarts restarts within periodMs", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 50, max: 1000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ child: fc.nat(), gapMs: fc.integer({ min: 0, max: 600 }) }), { minLength: 1, maxLength: 15 }),
        async (maxRestarts, periodMs, n, crashes) => {
          const clock = new VirtualClock();
          const workers = new Workers();
          const sup = await Supervisor.start("p", { strategy: "one_for_one", maxRestarts, periodMs, clock }, ids(n).map((id) => workers.spec(id)));
          // The model: a plain list of restart times, trimmed to the window at each crash.
          let window: number[] = [];
          let restarts = 0;
          for (const { child, gapMs } of crashes) {
            clock.advance(gapMs);
            const id = `c${child % n}`;
            const before = workers.starts(id);
            workers.current(id).crash(new Error("random crash"));
            await waitUntil(() => sup.state === "failed" || workers.starts(id) === before + 1, "restart or failure");
            window = window.filter((t) => clock.now() - t < periodMs);
            window.push(clock.now());
            if (window.length > maxRestarts) {
              expect(sup.state).toBe("failed");
              const err = await sup.done.catch((e: unknown) => e);
              expect(err).toBeInstanceOf(SupervisorIntensityError);
              expect(sup.whichChildren().every((c) => !c.running)).toBe(true);
              return;
            }
            restarts++;
            expect(sup.state).toBe("running");
          }
          expect(sup.whichChildren().reduce((sum, c) => sum + c.restarts, 0)).toBe(restarts);
          await sup.stop();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("each strategy replaces exactly the instances it should and keeps every other instance", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<RestartStrategy>("one_for_one", "one_for_all", "rest_for_one"),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        async (strategy, n, crashIndices) => {
          const workers = new Workers();
          const names = ids(n);
          const sup = await Supervisor.start("p", { strategy, maxRestarts: 1000, clock: new VirtualClock() }, names.map((id) => workers.spec(id)));
          for (const raw of crashIndices) {
            const crashed = raw % n;
            const shouldRestart = (i: number) =>
              strategy === "one_for_one" ? i === crashed : strategy === "one_for_all" ? true : i >= crashed;
            const before = names.map((id) => workers.current(id));
            const startsBefore = names.map((id) => workers.starts(id));
            workers.log.length = 0;
            before[crashed].crash(new Error("random crash"));
            await waitUntil(() => names.every((id, i) => workers.starts(id) === startsBefore[i] + (shouldRestart(i) ? 1 : 0)), "restarts done");
            names.forEach((id, i) => {
              if (shouldRestart(i)) expect(workers.current(id)).not.toBe(before[i]);
              else expect(workers.current(id)).toBe(before[i]);
            });
            // Siblings went down in reverse start order and everything came back in start order.
            const restarted = names.filter((_, i) => shouldRestart(i));
            const stoppedSiblings = restarted.filter((id) => id !== names[crashed]).reverse();
            expect(workers.log).toEqual([...stoppedSiblings.map((id) => `stop:${id}`), ...restarted.map((id) => `start:${id}`)]);
          }
          await sup.stop();
          expect(names.every((id) => workers.current(id).ended)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("whichChildren always matches a model of restart types under random crashes, exits, terminations and restarts", async () => {
    type Action = { op: "crash" | "exit" | "terminate" | "restart"; child: number };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<RestartType>("permanent", "transient", "temporary"), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ op: fc.constantFrom<Action["op"]>("crash", "exit", "terminate", "restart"), child: fc.nat() }), { maxLength: 25 }),
        async (types, actions) => {
          const workers = new Workers();
          const names = ids(types.length);
          const sup = await Supervisor.start("m", { strategy: "one_for_one", maxRestarts: 1000, clock: new ManualClock() }, names.map((id, i) => workers.spec(id, { restart: types[i] })));
          const model = new Map(names.map((id, i) => [id, { running: true, restarts: 0, restart: types[i] }]));
          for (const { op, child } of actions) {
            const id = names[child % names.length];
            const m = model.get(id);
            if (!m) continue; // a temporary child that is gone
            if ((op === "crash" || op === "exit") && m.running) {
              if (op === "crash") workers.current(id).crash(new Error("random"));
              else workers.current(id).exit();
              if (m.restart === "temporary") model.delete(id);
              else if (m.restart === "permanent" || op === "crash") m.restarts++;
              else m.running = false;
            } else if (op === "terminate") {
              await sup.terminateChild(id);
              if (m.restart === "temporary") model.delete(id);
              else m.running = false;
            } else if (op === "restart" && !m.running) {
              await sup.restartChild(id);
              m.running = true;
            }
            await flushMicrotasks();
            expect(sup.whichChildren()).toEqual(names.filter((n) => model.has(n)).map((n) => ({ id: n, ...model.get(n)! })));
          }
          await sup.stop();
          expect(names.every((id) => workers.starts(id) === 0 || workers.current(id).ended)).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});
