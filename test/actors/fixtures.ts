/**
 * Actor kinds and a system factory shared by the runtime tests. Every system runs against a real
 * nats-server from the shared harness.
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { ActorSystem, type ActorKind, type ActorSystemOptions } from "../../actors/runtime/mod.ts";

/** Appends every `append` body to a list; `get` replies the list. Detects lost or doubled messages. */
export interface LedgerState {
  items: unknown[];
  /** Concurrent receive calls observed (must stay 0). */
  overlaps: number;
}

/** A kind that records what it applied and checks it is never run concurrently. */
export function ledgerKind(opts: { delayMs?: number } = {}): ActorKind<LedgerState> {
  const busy = new Set<string>();
  return {
    kind: "ledger",
    initialState: () => ({ items: [], overlaps: 0 }),
    async receive(ctx, msg) {
      const me = ctx.self.key;
      if (busy.has(me)) ctx.state = { ...ctx.state, overlaps: ctx.state.overlaps + 1 };
      busy.add(me);
      try {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (msg.type === "append") ctx.state = { ...ctx.state, items: [...ctx.state.items, msg.body] };
        else if (msg.type === "get") ctx.reply(ctx.state);
        else if (msg.type === "sleep") await new Promise((r) => setTimeout(r, msg.body as number));
        else if (msg.type === "boom") throw new Error(`boom requested: ${String(msg.body)}`);
      } finally {
        busy.delete(me);
      }
    },
  };
}

/** Starts a system hosting `kinds` on a harness connection with quiet logs. */
export async function startSystem(nc: NatsConnection, kinds: ActorKind<any>[], opts: Partial<ActorSystemOptions> = {}): Promise<ActorSystem> {
  const system = await ActorSystem.start({
    nc,
    kinds,
    shards: 8,
    leaseTtlMs: 2_000,
    logger: { info() {}, warn() {}, error() {} },
    ...opts,
  });
  await system.ready();
  return system;
}
