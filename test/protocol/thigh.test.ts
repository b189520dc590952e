// The thigh accelerometer (PROTOCOL §10.1) in JSON and binary frames.
import { describe, expect, it } from 'vitest';
import { decodeBinaryFrame, encodeBinaryFrame } from '../../src/protocol/binary.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';

const TOPIC = 'crampwatch/v1/leg-01/frames';
const thighMg = [[120, -30, 990], [118, -28, 992]];

describe('thigh accelerometer', () => {
  it('is read from a JSON frame, on its own clock', () => {
    const json = { v: 1, seq: 1, t: 1764201600000, emg: { fs: 1000, ch: ['hamstrings'], uv: [[1, 2, 3]] }, thigh: { fs: 50, t: 1764201600004, mg: thighMg } };
    const message = decodeMessage(TOPIC, { bytes: Buffer.from(JSON.stringify(json)) });
    if (!message.ok || message.kind !== 'frames') throw new Error('not a frame');
    expect(message.frame.thigh?.tMs).toBe(1764201600004);
    expect(Array.from(message.frame.thigh!.mg)).toEqual(thighMg.flat());
  });

  it('round-trips in a binary frame (flag bit 4, a block after the foot\'s)', () => {
    const content = {
      seq: 9,
      tMs: 1764201600000,
      emgFsHz: 1000,
      channels: ['hamstrings', 'foot_intrinsic'] as const,
      emgUv: [Float32Array.from([1, 2]), Float32Array.from([3, 4])],
      foot: { fsHz: 50, tMs: 1764201600000, mg: Float32Array.from([0, 0, 1000]) },
      thigh: { fsHz: 50, tMs: 1764201600002, mg: Float32Array.from(thighMg.flat()) },
      battery: 0.5,
    };
    const bytes = encodeBinaryFrame(content);
    expect(bytes[3] & 16).toBe(16);
    const decoded = decodeBinaryFrame(bytes);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.thigh?.tMs).toBe(1764201600002);
    decoded.thigh!.mg.forEach((v, i) => expect(Math.abs(v - thighMg.flat()[i])).toBeLessThanOrEqual(992 / 32767));
    expect(decoded.foot?.mg.length).toBe(3);
    expect(decoded.battery).toBeCloseTo(0.5, 5);
  });
});
