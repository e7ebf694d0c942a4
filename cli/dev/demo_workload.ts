/**
 * The `--demo` workload: greets a handful of `greeter` actors (durable tells), asks the
 * `counter/greetings` actor the greeters tell, listens to the greeters' publishes and reminder
 * reports, and prints progress. It proves tell, ask, actor-to-actor tells, publishes and durable
 * reminders work across the dev nodes.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { ActorSystem, decodeValue } from "../../actors/runtime/mod.ts";

/** Progress figures of the demo. */
export interface DemoProgress {
  tellsSent: number;
  greetingsCounted: number;
  publishesSeen: number;
  reportsSeen: number;
}

/** Runs the demo until `signal` aborts; prints progress every 2 s; resolves with the final figures. */
export async function runDemo(nc: NatsConnection, shards: number, signal: AbortSignal, say: (s: string) => void): Promise<DemoProgress> {
  const client = await ActorSystem.start({ nc, shards });
  const p: DemoProgress = { tellsSent: 0, greetingsCounted: 0, publishesSeen: 0, reportsSeen: 0 };
  const greetSub = nc.subscribe("vtox.demo.greetings", { callback: () => void p.publishesSeen++ });
  const reportSub = nc.subscribe("vtox.demo.reports", {
    callback: (_e, m) => {
      p.reportsSeen++;
      const r = decodeValue(m.data) as { greeter: string; greeted: number; reports: number };
      say(`demo: reminder report from greeter/${r.greeter}: greeted ${r.greeted}, report #${r.reports}`);
    },
  });
  const names = ["ada", "grace", "linus", "barbara", "ken"];
  const printer = setInterval(() => {
    say(`demo: ${p.tellsSent} greetings told, counter/greetings = ${p.greetingsCounted}, ${p.publishesSeen} greeting events seen`);
  }, 2_000);
  try {
    for (let i = 0; !signal.aborted; i++) {
      await Promise.all(Array.from({ length: 5 }, (_, k) => client.tell("greeter", `g${(i * 5 + k) % 12}`, "greet", names[(i + k) % names.length])));
      p.tellsSent += 5;
      const total = await client.ask<{ total: number }>("counter", "greetings", "get", null, { timeoutMs: 5_000 }).catch(() => undefined);
      if (total) p.greetingsCounted = total.total;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    clearInterval(printer);
    greetSub.unsubscribe();
    reportSub.unsubscribe();
    // Let in-flight greetings reach the counter, then read it once more (briefly: after a terminal
    // Ctrl-C the dev nats-server may already be gone).
    await new Promise((r) => setTimeout(r, 500));
    const total = await client.ask<{ total: number }>("counter", "greetings", "get", null, { timeoutMs: 1_000 }).catch(() => undefined);
    if (total) p.greetingsCounted = total.total;
    await client.shutdown();
  }
  return p;
}
