import { describe, expect, it } from 'vitest';
import { encodeBinaryFrame, decodeBinaryFrame } from '../../src/protocol/binary.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';

const TOPIC = 'crampwatch/v1/leg-01/frames';

function frame(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    seq: 7,
    t: 1764201600000,
    emg: { fs: 1000, ch: ['gastrocnemius', 'tibialis_anterior'], uv: [[1.5, -2, 3], [0, 1, 2]] },
    acc: { fs: 50, mg: [[12, -40, 998]] },
    temp: 31.4,
    bat: 0.8,
    ...overrides,
  };
}

function bytes(value: unknown): { bytes: Uint8Array } {
  return { bytes: Buffer.from(JSON.stringify(value)) };
}

describe('decodeMessage: frames', () => {
  it('turns a valid JSON frame into a SampleFrame with typed arrays', () => {
    const message = decodeMessage(TOPIC, bytes(frame()));
    expect(message.ok).toBe(true);
    if (!message.ok || message.kind !== 'frames') throw new Error('expected a frame');
    expect(message.device).toBe('leg-01');
    expect(message.frame.emgUv[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(message.frame.emgUv[0])).toEqual([1.5, -2, 3]);
    expect(message.frame.acc?.tMs).toBe(1764201600000);
    expect(Array.from(message.frame.acc!.mg)).toEqual([12, -40, 998]);
  });

  it('ignores unknown extra fields (PROTOCOL: newer firmware must not break us)', () => {
    expect(decodeMessage(TOPIC, bytes(frame({ extra: { anything: true } }))).ok).toBe(true);
  });

  const bad: [string, unknown, string][] = [
    ['ragged channels', frame({ emg: { fs: 1000, ch: ['gastrocnemius', 'soleus'], uv: [[1, 2], [1]] } }), 'ragged_channels'],
    ['fewer arrays than names', frame({ emg: { fs: 1000, ch: ['gastrocnemius', 'soleus'], uv: [[1, 2]] } }), 'ragged_channels'],
    ['an unknown channel', frame({ emg: { fs: 1000, ch: ['biceps'], uv: [[1]] } }), 'bad_channel'],
    ['fs too low', frame({ emg: { fs: 100, ch: ['soleus'], uv: [[1]] } }), 'fs_out_of_range'],
    ['acc fs too high', frame({ acc: { fs: 1000, mg: [] } }), 'fs_out_of_range'],
    ['nine channels', frame({ emg: { fs: 1000, ch: Array(9).fill('soleus'), uv: Array(9).fill([1]) } }), 'too_many_channels'],
    ['a string sample', frame({ emg: { fs: 1000, ch: ['soleus'], uv: [[1, '2']] } }), 'non_finite'],
    ['a null sample', frame({ emg: { fs: 1000, ch: ['soleus'], uv: [[null]] } }), 'non_finite'],
    ['missing seq', frame({ seq: undefined }), 'bad_schema'],
    ['negative seq', frame({ seq: -1 }), 'bad_schema'],
    ['version 2', frame({ v: 2 }), 'unsupported_version'],
    ['battery over 1', frame({ bat: 3 }), 'bad_schema'],
    ['acc rows of two', frame({ acc: { fs: 50, mg: [[1, 2]] } }), 'non_finite'],
  ];
  it.each(bad)('rejects %s', (_name, value, code) => {
    const message = decodeMessage(TOPIC, bytes(value));
    expect(message.ok).toBe(false);
    if (!message.ok) expect(message.code).toBe(code);
  });

  it('rejects a huge number that JSON turns into Infinity', () => {
    const text = JSON.stringify(frame()).replace('1.5', '1e400');
    const message = decodeMessage(TOPIC, { bytes: Buffer.from(text) });
    expect(message.ok || message.code).toBe('non_finite');
  });

  it('rejects garbage, oversized payloads, bad topics and device ids', () => {
    const codeOf = (topic: string, payload: Uint8Array) => {
      const m = decodeMessage(topic, { bytes: payload });
      return m.ok ? 'ok' : m.code;
    };
    expect(codeOf(TOPIC, Buffer.from('{not json'))).toBe('bad_json');
    expect(codeOf(TOPIC, Buffer.from([0xff, 0xfe, 0x00]))).toBe('bad_json');
    expect(codeOf(TOPIC, Buffer.alloc(256 * 1024 + 1, 0x20))).toBe('too_large');
    expect(codeOf('crampwatch/v1/../etc/frames', Buffer.from('{}'))).toBe('bad_topic');
    expect(codeOf('crampwatch/v1/a b/frames', Buffer.from('{}'))).toBe('bad_device_id');
    expect(codeOf('crampwatch/v1/x,tag=1/frames', Buffer.from('{}'))).toBe('bad_device_id');
    expect(codeOf('crampwatch/v1/leg-01/secrets', Buffer.from('{}'))).toBe('bad_topic');
  });
});

describe('binary frames', () => {
  const content = {
    seq: 4294967295,
    tMs: 1764201600000.5,
    emgFsHz: 2000,
    channels: ['gastrocnemius', 'soleus'] as const,
    emgUv: [Float32Array.from([0, 100.25, -800]), Float32Array.from([3, -3, 0.5])],
    acc: { fsHz: 25, tMs: 1764201600010, mg: Float32Array.from([10, -20, 1000, 11, -21, 999]) },
    tempC: 31.5,
    battery: 0.75,
  };

  it('round-trips within one quantisation step', () => {
    const decoded = decodeBinaryFrame(encodeBinaryFrame(content));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.seq).toBe(4294967295);
    expect(decoded.tMs).toBe(1764201600000.5);
    expect(decoded.channels).toEqual(['gastrocnemius', 'soleus']);
    const step = 800 / 32767;
    content.emgUv[0].forEach((x, i) => expect(Math.abs(decoded.emgUv[0][i] - x)).toBeLessThanOrEqual(step));
    expect(decoded.acc?.fsHz).toBe(25);
    expect(decoded.acc?.mg.length).toBe(6);
    expect(decoded.tempC).toBeCloseTo(31.5, 5);
    expect(decoded.battery).toBeCloseTo(0.75, 5);
  });

  it('has the documented layout: magic, version, little-endian seq and fs', () => {
    const encoded = encodeBinaryFrame(content);
    expect(Array.from(encoded.subarray(0, 3))).toEqual([0x43, 0x57, 1]);
    const view = new DataView(encoded.buffer);
    expect(view.getUint32(4, true)).toBe(4294967295);
    expect(view.getUint16(16, true)).toBe(2000);
    expect(encoded[18]).toBe(2);
    expect(encoded.length).toBe(28 + 2 + 2 * 3 * 2 + 16 + 6 * 2 + 4 + 4);
  });

  it('is accepted on the frames topic like JSON', () => {
    const message = decodeMessage(TOPIC, { bytes: encodeBinaryFrame(content) });
    expect(message.ok && message.kind).toBe('frames');
  });

  it('reads a frame the same wherever it lies in a larger buffer, one buffer after another', () => {
    // the decoder keeps views of the last payload's buffer (binary.ts): frames at every alignment
    // in one buffer, amid bytes that are not theirs, then in another, then back, decode as a
    // frame in its own buffer does; EMG and an accelerometer block long enough for the Int16Array path
    const long = {
      ...content,
      emgUv: [Float32Array.from({ length: 100 }, (_, i) => (i % 7) * 10.5 - 30), Float32Array.from({ length: 100 }, (_, i) => -i)],
      foot: { fsHz: 50, tMs: 1764201600020, mg: Float32Array.from({ length: 36 }, (_, i) => i * 25 - 400) },
    };
    const alone = decodeBinaryFrame(encodeBinaryFrame(long));
    if (!alone.ok) throw new Error(alone.reason);
    const encoded = encodeBinaryFrame(long);
    const buffers = [new Uint8Array(encoded.length + 16).fill(0xa5), new Uint8Array(encoded.length + 16).fill(0x5a)];
    for (const buffer of [buffers[0], buffers[0], buffers[1], buffers[0]]) {
      for (const offset of [0, 1, 2, 3, 8]) {
        buffer.fill(0xa5);
        buffer.set(encoded, offset);
        const decoded = decodeBinaryFrame(buffer.subarray(offset, offset + encoded.length));
        expect(decoded).toEqual(alone);
      }
    }
    // a payload shorter than its buffer by a byte is still a truncated one, whatever follows it
    const truncated = decodeBinaryFrame(buffers[1].subarray(8, 8 + encoded.length - 1));
    expect(!truncated.ok && truncated.code).toBe('bad_binary');
  });

  it('rejects truncated and overlong payloads', () => {
    const encoded = encodeBinaryFrame(content);
    for (const length of [2, 27, 40, encoded.length - 1]) {
      const m = decodeMessage(TOPIC, { bytes: encoded.subarray(0, length) });
      expect(m.ok).toBe(false);
    }
    const longer = new Uint8Array(encoded.length + 1);
    longer.set(encoded);
    const m = decodeMessage(TOPIC, { bytes: longer });
    expect(!m.ok && m.code).toBe('bad_binary');
  });
});

describe('profile and context', () => {
  it('accepts the PROTOCOL examples', () => {
    const profile = { v: 1, wearer: 'w-017', leg: 'left', age: 67, pregnant: false, medications: ['furosemide'], conditions: ['diabetes'], mvc_uv: { gastrocnemius: 820 } };
    expect(decodeMessage('crampwatch/v1/leg-01/profile', bytes(profile)).ok).toBe(true);
    const context = { v: 1, t: 1764180000000, water_l: 1.1, caffeine_mg: 320, exercise_intensity: 'vigorous', sweating: 'heavy', supplements: ['magnesium'], stretched_before_bed: false };
    expect(decodeMessage('crampwatch/v1/leg-01/context', bytes(context)).ok).toBe(true);
  });

  it('rejects a wearer id that could escape into tags or paths', () => {
    const m = decodeMessage('crampwatch/v1/leg-01/profile', bytes({ v: 1, wearer: 'w,1 x=2' }));
    expect(m.ok).toBe(false);
  });
});
