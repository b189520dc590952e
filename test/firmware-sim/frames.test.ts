// Every frame the simulator sends is valid per PROTOCOL §3 (checked by the project's own decoder),
// sequence numbers step by one per device, and the garbage it sends is rejected.
import { describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import type { CaptureLine } from '../../firmware-sim/src/capture-line.ts';
import { decodeMessage, type Payload } from '../../src/protocol/decode.ts';

function payload(line: CaptureLine): Payload {
  return line.b64 !== undefined ? { bytes: Buffer.from(line.b64, 'base64') } : { json: line.json };
}

function check(seed: number, options: Parameters<typeof randomNightSpec>[1], binary: boolean) {
  const spec = randomNightSpec(seed, options);
  const seqs = new Map<string, number[]>();
  let rejected = 0;
  let raw = 0;
  let lastRx = -Infinity;
  let statusFirst = true;
  let frames = 0;
  for (const line of nightMessages(spec, { binary })) {
    expect(line.rx).toBeGreaterThanOrEqual(lastRx);
    lastRx = line.rx;
    if (line.raw !== undefined) {
      raw++;
      expect(() => JSON.parse(line.raw!)).toThrow();
      continue;
    }
    const message = decodeMessage(line.topic, payload(line));
    if (!message.ok) {
      rejected++;
      continue;
    }
    if (message.kind === 'frames') {
      frames++;
      const f = message.frame;
      expect(f.emgUv.every((c) => c.length === f.emgUv[0].length)).toBe(true);
      expect(f.emgFsHz).toBeGreaterThanOrEqual(500);
      const list = seqs.get(message.device) ?? [];
      list.push(f.seq);
      seqs.set(message.device, list);
      if (f.acc) {
        expect(f.acc.tMs).toBeGreaterThanOrEqual(f.tMs - 1e-6);
        expect(f.acc.tMs).toBeLessThan(f.tMs + (f.emgUv[0].length * 1000) / f.emgFsHz + 1); // + whole-ms stamping
      }
    } else if (frames === 0 && message.kind !== 'status' && message.kind !== 'profile' && message.kind !== 'context') {
      statusFirst = false;
    }
  }
  return { spec, seqs, rejected, raw, statusFirst, frames };
}

describe('simulated frames', () => {
  it('are valid JSON frames with seq +1 per frame on a clean night', () => {
    const { spec, seqs, rejected, raw, frames } = check(5, { preset: 'cramp', hours: 0.05, legs: 1 }, false);
    expect(rejected).toBe(0);
    expect(raw).toBe(0);
    const device = spec.devices[0];
    const expected = Math.floor((spec.endMs - spec.startMs) / ((device.frameSamples * 1000) / device.emgFsHz));
    expect(frames).toBe(expected);
    const list = seqs.get(device.id)!;
    for (let i = 1; i < list.length; i++) expect(list[i]).toBe((list[i - 1] + 1) >>> 0);
  });

  it('are valid binary frames too, and wrap seq at 2^32', () => {
    // find a seed whose device starts near the wrap
    let seed = 0;
    while (randomNightSpec(seed, { hours: 0.02, transport: false }).devices[0].seqStart < 0xffffffff - 5000) seed++;
    const { seqs, rejected } = check(seed, { hours: 0.2, transport: false, frameMs: 100 }, true);
    expect(rejected).toBe(0);
    const list = [...seqs.values()][0];
    expect(list.some((s) => s < 10_000)).toBe(true);
    expect(list.some((s) => s > 0xffff0000)).toBe(true);
  });

  it('on a lossy night, loses, duplicates and reorders frames and sends garbage that is rejected', () => {
    const { spec, seqs, rejected, raw } = check(3, { preset: 'lossy', hours: 0.2 }, false);
    const garbage = spec.transport.garbage.length;
    expect(garbage).toBeGreaterThan(0);
    expect(rejected + raw).toBe(garbage);
    const list = [...seqs.values()][0];
    const unique = new Set(list);
    const span = Math.max(...list) - Math.min(...list) + 1;
    expect(unique.size).toBeLessThan(span); // some lost
    let backwards = 0;
    for (let i = 1; i < list.length; i++) if (list[i] <= list[i - 1]) backwards++;
    expect(backwards).toBeGreaterThan(0); // duplicates, reorderings or late buffered frames
  });
});
