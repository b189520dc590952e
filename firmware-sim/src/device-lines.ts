// One device's frames as they reach the broker: latency, lost frames, outages (lost, or held in
// the firmware's bounded buffer and sent late with their original t and seq), QoS 1 duplicates,
// small reorderings, and garbage. Yields lines in arrival order.
import type { CaptureLine } from './capture-line.ts';
import { renderDevice } from './device-stream.ts';
import { binaryFrame, jsonFrame } from './frame-encoding.ts';
import { garbageLine } from './garbage.ts';
import { hashSeed, Random } from './random.ts';
import type { NightSpec } from './spec.ts';
import { framesTopic } from './topics.ts';

/** Firmware's send buffer for outages: ~2 minutes of 100 ms frames (a bound, as real RAM is). */
export const OUTAGE_BUFFER_FRAMES = 1200;

export function* deviceLines(spec: NightSpec, deviceIndex: number, options: { binary?: boolean } = {}): Generator<CaptureLine> {
  const device = spec.devices[deviceIndex];
  const topic = framesTopic(device.id);
  const random = new Random(hashSeed(spec.seed, `transport-${deviceIndex}`));
  const { transport } = spec;
  const garbage = transport.garbage.filter((g) => g.device === deviceIndex);
  let nextGarbage = 0;
  const frameMs = (device.frameSamples * 1000) / device.emgFsHz;
  const held: CaptureLine[] = [];
  let outage = 0;
  let lastRx = -Infinity;
  let delayed: CaptureLine | undefined;

  const stamp = (line: CaptureLine, rx: number): CaptureLine => {
    line.rx = Math.round(Math.max(rx, lastRx));
    lastRx = line.rx;
    return line;
  };

  for (const frame of renderDevice(spec, deviceIndex)) {
    const readyMs = frame.trueMs + frameMs;
    let rx = readyMs + device.latencyMs + Math.abs(random.gaussian()) * device.latencyJitterMs;
    while (nextGarbage < garbage.length && garbage[nextGarbage].atMs <= readyMs) {
      const g = garbage[nextGarbage++];
      yield stamp(garbageLine(g.kind, 0, topic, frame.seq, frame.tMs), g.atMs + device.latencyMs);
    }
    while (outage < transport.outages.length && transport.outages[outage].endMs <= readyMs) {
      // link back: the held frames go out first, in a burst, with their original t and seq
      const backMs = transport.outages[outage].endMs + random.uniform(200, 3000);
      for (let k = 0; k < held.length; k++) yield stamp(held[k], backMs + k * 2);
      held.length = 0;
      outage++;
    }
    const down = outage < transport.outages.length && transport.outages[outage].startMs <= readyMs;
    if (!down && random.chance(transport.lossProbability)) continue;
    const line: CaptureLine = options.binary
      ? { rx: 0, topic, b64: Buffer.from(binaryFrame(frame)).toString('base64') }
      : { rx: 0, topic, json: jsonFrame(frame) };
    if (down) {
      if (transport.outages[outage].buffered) {
        if (held.length >= OUTAGE_BUFFER_FRAMES) held.shift();
        held.push(line);
      }
      continue;
    }
    if (delayed) {
      // the previous frame was overtaken by this one
      yield stamp(line, rx);
      yield stamp(delayed, rx + 1);
      delayed = undefined;
      continue;
    }
    if (random.chance(transport.reorderProbability)) {
      delayed = line;
      continue;
    }
    yield stamp(line, rx);
    if (random.chance(transport.duplicateProbability)) yield stamp({ ...line }, rx + random.uniform(5, 2000));
  }
  if (delayed) yield stamp(delayed, lastRx + 1);
  for (const line of held) yield stamp(line, lastRx + 2);
}
