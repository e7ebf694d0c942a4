/**
 * A TCP proxy between NATS clients and a real nats-server that forwards everything, except that
 * it can drop chosen server→client message frames (`MSG`/`HMSG`): a delivery lost in transit,
 * on a real server and a real client, for tests of what the runtime does about it.
 * @module
 */
import { createServer, connect as tcpConnect, type Server, type Socket } from "node:net";
import { freePort } from "../../cli/nats_server_process.ts";

/** A running proxy: clients connect to `url`. */
export interface LossyProxy {
  readonly url: string;
  /** Control lines (`MSG …` / `HMSG …`) of the frames dropped so far. */
  readonly dropped: string[];
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target` (`nats://host:port`). `drop(controlLine)` is asked for every message
 * frame the server sends a client; returning true drops that frame.
 */
export async function startLossyProxy(target: string, drop: (controlLine: string) => boolean): Promise<LossyProxy> {
  const { hostname, port } = new URL(target);
  const dropped: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    upstream.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const out: Buffer[] = [];
      for (;;) {
        const eol = pending.indexOf("\r\n");
        if (eol < 0) break;
        const line = pending.subarray(0, eol).toString("latin1");
        let frame = eol + 2;
        const isMsg = line.startsWith("MSG ") || line.startsWith("HMSG ");
        if (isMsg) {
          // The last field is the total payload size (headers included for HMSG), then \r\n.
          const size = Number(line.slice(line.lastIndexOf(" ") + 1));
          frame += size + 2;
          if (pending.length < frame) break;
        }
        if (isMsg && drop(line)) dropped.push(line);
        else out.push(pending.subarray(0, frame));
        pending = pending.subarray(frame);
      }
      if (out.length) client.write(Buffer.concat(out));
    });
  });
  const listenPort = await freePort();
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  return {
    url: `nats://127.0.0.1:${listenPort}`,
    dropped,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
