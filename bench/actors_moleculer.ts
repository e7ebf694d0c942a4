/**
 * The same echo call through Moleculer (0.14, NATS transporter, its CBOR serializer) over the same nats-server.
 * @module
 */
import moleculer from "moleculer";
import { ratePerSecond } from "./actors_measure.ts";

/** Starts a Moleculer server and client broker on `url`; returns a calls/s measurer and a stopper. */
export async function moleculerEcho(url: string): Promise<{ rate(inFlight: number, ms: number, body: unknown): Promise<number>; stop(): Promise<void> }> {
  const opts = { transporter: { type: "NATS", options: { url } }, logger: false, serializer: "CBOR" } as const;
  const server = new moleculer.ServiceBroker({ ...opts, nodeID: `bench-srv-${process.pid}` });
  server.createService({ name: "echo", actions: { echo: (ctx: { params: unknown }) => ctx.params } });
  const client = new moleculer.ServiceBroker({ ...opts, nodeID: `bench-cli-${process.pid}` });
  await server.start();
  await client.start();
  await client.waitForServices(["echo"], 10_000);
  return {
    rate: (inFlight, ms, body) => ratePerSecond(inFlight, ms, () => client.call("echo.echo", body as object)),
    async stop() {
      await client.stop();
      await server.stop();
    },
  };
}
