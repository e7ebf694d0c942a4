import { describe, expect, it } from "vitest";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { existsSync } from "node:fs";
import { startNats, startNatsCluster } from "./mod.ts";

describe("test harness", () => {
  it("starts a JetStream server on a free port, survives SIGKILL + restart with its store, and cleans up", async () => {
    const nats = await startNats();
    expect(nats.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    expect(nats.server.port).not.toBe(4222);
    const nc = await nats.connect();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "H", subjects: ["h.>"] });
    const ack = await jetstream(nc).publish("h.1", "x");
    expect(ack.seq).toBe(1);
    await nc.close();

    await nats.server.kill();
    await nats.server.restart();
    const nc2 = await connect({ servers: nats.url });
    const info = await (await jetstreamManager(nc2)).streams.info("H");
    expect(info.state.messages).toBe(1);
    await nc2.close();

    const dir = nats.server.storeDir;
    await nats.stop();
    expect(existsSync(dir)).toBe(false);
  });

  it("starts a 3-server cluster that places an R3 stream", async () => {
    const { urls, stop } = await startNatsCluster(3);
    try {
      const nc = await connect({ servers: urls });
      const jsm = await jetstreamManager(nc);
      const si = await jsm.streams.add({ name: "R3", subjects: ["r3.>"], num_replicas: 3 });
      expect(si.config.num_replicas).toBe(3);
      expect((si.cluster?.replicas ?? []).length).toBe(2);
      await nc.close();
    } finally {
      await stop();
    }
  }, 60_000);
});
