import { expect, it } from "vitest";
import { encodeValue, FrameWriter, readReplyFrame, STATUS_ERROR, STATUS_REPLY } from "../../actors/runtime/mod.ts";

it("a reply frame carries the node id and each entry's correlation id, status and value, for correlation ids of every width", () => {
  const w = new FrameWriter(8);
  w.beginReply("node-7");
  const corrs = [0, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1];
  corrs.forEach((c, i) => w.addReply(c, i % 2 ? STATUS_ERROR : STATUS_REPLY, encodeValue(i % 2 ? { code: "X", message: `m${i}` } : { v: new Float32Array([i]) })));
  const got: [number, number, unknown][] = [];
  let node = "";
  readReplyFrame(w.finish(), (n) => (node = n), (corr, status, value) => got.push([corr, status, value]));
  expect(node).toBe("node-7");
  expect(got.map(([c]) => c)).toEqual(corrs);
  got.forEach(([, status, value], i) => {
    expect(status).toBe(i % 2 ? STATUS_ERROR : STATUS_REPLY);
    if (i % 2) expect(value).toEqual({ code: "X", message: `m${i}` });
    else expect(Array.from((value as { v: Float32Array }).v)).toEqual([i]);
  });
});

it("a reply frame cut inside an entry delivers the entries before the cut, then fails naming the fault", () => {
  const w = new FrameWriter();
  w.beginReply("n");
  w.addReply(1, STATUS_REPLY, encodeValue("first"));
  w.addReply(2, STATUS_REPLY, encodeValue("second, which will be cut"));
  const whole = w.finish();
  const got: unknown[] = [];
  expect(() => readReplyFrame(whole.slice(0, whole.length - 4), () => {}, (_c, _s, v) => got.push(v))).toThrow(/Cannot decode ask reply frame/);
  expect(got).toEqual(["first"]);
  expect(() => readReplyFrame(new Uint8Array([0xff, 0x01, 0x00]), () => {}, () => {})).toThrow("Cannot decode ask reply frame: expected bytes FF 02, got FF 01 00");
});
