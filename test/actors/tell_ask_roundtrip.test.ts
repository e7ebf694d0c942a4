import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNats, type NatsHarness } from "../harness/mod.ts";
import { AskTimeoutError, InvalidAddressError, type ActorSystem } from "../../actors/runtime/mod.ts";
import { ledgerKind, startSystem, type LedgerState } from "./fixtures.ts";

let nats: NatsHarness;
let system: ActorSystem;

beforeAll(async () => {
  nats = await startNats();
  system = await startSystem(await nats.connect(), [ledgerKind()]);
});
afterAll(async () => {
  await system?.shutdown();
  await nats?.stop();
});

describe("tell and ask", () => {
  it("tell resolves with the stored sequence and the actor applies it; ask sees it", async () => {
    const ref = system.ref<LedgerState>("ledger", "a1");
    const seq = await ref.tell("append", 1);
    expect(seq).toBeGreaterThan(0);
    await waitFor(async () => (await ref.ask<LedgerState>("get")).items.length === 1);
    expect((await ref.ask<LedgerState>("get")).items).toEqual([1]);
  });

  it("typed arrays in a tell arrive as typed arrays", async () => {
    const ref = system.ref<LedgerState>("ledger", "typed");
    await ref.tell("append", new Float32Array([1.5, -2.25]));
    await waitFor(async () => (await ref.ask<LedgerState>("get")).items.length === 1);
    const got = (await ref.ask<LedgerState>("get")).items[0];
    expect(got).toBeInstanceOf(Float32Array);
    expect(Array.from(got as Float32Array)).toEqual([1.5, -2.25]);
  });

  it("ask to a kind nobody hosts times out with AskTimeoutError naming the address", async () => {
    const other = await startNats();
    try {
      const { ActorSystem } = await import("../../actors/runtime/mod.ts");
      const client = await ActorSystem.start({ nc: await other.connect(), shards: 8 });
      const err = await client.ask("ledger", "x", "get", null, { timeoutMs: 300 }).catch((e: AskTimeoutError) => e);
      expect(err).toBeInstanceOf(AskTimeoutError);
      expect((err as AskTimeoutError).code).toBe("ASK_TIMEOUT");
      expect((err as AskTimeoutError).message).toMatch(/vtox\.actor\.ledger\.x.*300 ms.*no node serves shard/);
      await client.shutdown();
    } finally {
      await other.stop();
    }
  });

  it("ask to a live actor that answers too late times out with AskTimeoutError; the late reply is ignored", async () => {
    const err = await system.ask("ledger", "slowpoke", "sleep", 300, { timeoutMs: 50 }).catch((e: AskTimeoutError) => e);
    expect(err).toBeInstanceOf(AskTimeoutError);
    expect((err as AskTimeoutError).timeoutMs).toBe(50);
    expect((err as AskTimeoutError).message).toBe("ask to vtox.actor.ledger.slowpoke timed out after 50 ms");
    // The actor is still serving in order after the timeout.
    expect((await system.ask<LedgerState>("ledger", "slowpoke", "get", null, { timeoutMs: 5_000 })).items).toEqual([]);
  });

  it("rejects subject-unsafe ids with a clear error", () => {
    expect(() => system.ref("ledger", "a.b")).toThrow(InvalidAddressError);
    expect(() => system.ref("ledger", "a b")).toThrow(/id must be 1-128 characters.*got "a b"/);
    expect(() => system.ref("led*ger", "x")).toThrow(/kind must be/);
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
