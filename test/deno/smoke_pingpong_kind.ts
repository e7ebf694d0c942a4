/**
 * The kind both the Deno node and the Node node host in the Deno smoke test: a `ping` is recorded
 * with the runtime that applied it and bounced to the peer actor until its counter reaches 0.
 * @module
 */
import type { ActorKind } from "../../actors/runtime/mod.ts";

/** Which JavaScript runtime this code runs under. */
export const runtimeName: string = "Deno" in globalThis ? "deno" : "node";

/** `ping {n, peer}` appends `n:<runtime>` and tells `peer` `ping {n-1}` while n > 0; `get` replies the log. */
export const pingpong: ActorKind<{ log: string[] }> = {
  kind: "pingpong",
  initialState: () => ({ log: [] }),
  receive(ctx, msg) {
    if (msg.type === "ping") {
      const b = msg.body as { n: number; peer: string; samples: Float32Array };
      if (!(b.samples instanceof Float32Array)) throw new TypeError(`samples must arrive as a Float32Array, got ${Object.prototype.toString.call(b.samples)}`);
      ctx.state = { log: [...ctx.state.log, `${b.n}:${runtimeName}:${b.samples.length}`] };
      if (b.n > 0) ctx.tell("pingpong", b.peer, "ping", { n: b.n - 1, peer: ctx.self.id, samples: b.samples });
    } else if (msg.type === "get") {
      ctx.reply({ ...ctx.state, servedBy: runtimeName });
    }
  },
};
