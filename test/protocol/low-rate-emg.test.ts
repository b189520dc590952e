// PROTOCOL 1.1 §10.5: EMG from 200 Hz is valid, in JSON (fast path and zod alike) and binary.
import { describe, expect, it } from 'vitest';
import { decodeBinaryFrame, encodeBinaryFrame } from '../../src/protocol/binary.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';
import { jsonFrameSchema } from '../../src/protocol/frame-schema.ts';
import { checkedJsonFrame } from '../../src/protocol/json-frame-check.ts';

const TOPIC = 'crampwatch/v1/psg-left/frames';

function frame(fs: number) {
  return { v: 1, seq: 1, t: 1764201600000, emg: { fs, ch: ['tibialis_anterior'], uv: [[1, -2, 3, 0.5]] } };
}

describe('EMG sampled from 200 Hz (§10.5)', () => {
  it.each([200, 256, 499.5, 512])('accepts a JSON frame at %s Hz, on the fast path and by the schema', (fs) => {
    expect(checkedJsonFrame(frame(fs))).toBeDefined();
    expect(jsonFrameSchema.safeParse(frame(fs)).success).toBe(true);
    const message = decodeMessage(TOPIC, { json: frame(fs) });
    expect(message.ok).toBe(true);
    if (message.ok && message.kind === 'frames') expect(message.frame.emgFsHz).toBe(fs);
  });

  it.each([199, 199.9, 100])('still rejects %s Hz as fs_out_of_range', (fs) => {
    expect(checkedJsonFrame(frame(fs))).toBeUndefined();
    const message = decodeMessage(TOPIC, { json: frame(fs) });
    expect(message.ok).toBe(false);
    if (!message.ok) expect(message.code).toBe('fs_out_of_range');
  });

  it('accepts a binary frame at 200 Hz and rejects one at 199 Hz', () => {
    const content = { seq: 3, tMs: 1764201600000, channels: ['tibialis_anterior'] as const, emgUv: [new Float32Array([1, 2, 3])] };
    const ok = decodeBinaryFrame(encodeBinaryFrame({ ...content, emgFsHz: 200 }));
    expect(ok.ok).toBe(true);
    const low = decodeBinaryFrame(encodeBinaryFrame({ ...content, emgFsHz: 199 }));
    expect(low.ok).toBe(false);
    if (!low.ok) expect(low.code).toBe('fs_out_of_range');
  });
});
