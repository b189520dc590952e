// The JSON frame fast path (src/protocol/json-frame-check.ts) may be stricter than the zod schema,
// never looser: whatever it accepts, jsonFrameSchema accepts too. Frames here sit near every
// boundary of PROTOCOL §3 (lengths, ranges, types, channel names, optional blocks).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUSCLES } from '../../src/core/types.ts';
import { jsonFrameSchema } from '../../src/protocol/frame-schema.ts';
import { checkedJsonFrame } from '../../src/protocol/json-frame-check.ts';

// A valid frame, then up to three edits, each putting a boundary or wrong-typed value somewhere.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const accBlock = fc.record(
  {
    fs: fc.double({ min: 10, max: 400, noNaN: true }),
    t: fc.double({ min: 0, max: 2e12, noNaN: true }),
    mg: fc.array(fc.tuple(finite, finite, finite), { maxLength: 4 }),
  },
  { requiredKeys: ['fs', 'mg'] },
);
const validFrame = fc
  .record({
    channels: fc.shuffledSubarray([...MUSCLES], { minLength: 1, maxLength: MUSCLES.length }),
    length: fc.integer({ min: 1, max: 5 }),
    seq: fc.oneof(fc.nat(), fc.constant(0xffffffff)),
    t: fc.double({ min: 0, max: 2e12, noNaN: true }),
    fs: fc.double({ min: 200, max: 4000, noNaN: true }),
    acc: fc.option(accBlock, { nil: undefined }),
    foot: fc.option(accBlock, { nil: undefined }),
    temp: fc.option(finite, { nil: undefined }),
    bat: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    seed: fc.array(finite, { minLength: 8 * 5, maxLength: 8 * 5 }),
  })
  .map(({ channels, length, seed, fs, ...rest }) => {
    const uv = channels.map((_, c) => seed.slice(c * 5, c * 5 + length));
    const frame: Record<string, unknown> = { v: 1, seq: rest.seq, t: rest.t, emg: { fs, ch: channels, uv } };
    for (const key of ['acc', 'foot', 'temp', 'bat'] as const) if (rest[key] !== undefined) frame[key] = rest[key];
    return frame;
  });

const PATHS = ['v', 'seq', 't', 'emg', 'emg.fs', 'emg.ch', 'emg.ch.0', 'emg.ch.1', 'emg.uv', 'emg.uv.0', 'emg.uv.1', 'emg.uv.0.0', 'emg.uv.1.2', 'acc', 'acc.fs', 'acc.t', 'acc.mg', 'acc.mg.0', 'acc.mg.0.2', 'foot', 'foot.mg', 'temp', 'bat'];
const oddValue = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, Number.NaN, Infinity, -Infinity, -0, 0, 1, 2, -1, 0.5, 1.5, '1', '', true, [], {}, [1, 2, 3], [[1, 2, 3]]),
  fc.constantFrom<unknown>(9, 10, 199, 200, 400, 401, 499, 500, 4000, 4001, 0xffffffff, 0x100000000, 1764201600000, 'soleus', 'gastrocnemius', 'biceps'),
  fc.array(fc.constantFrom<unknown>(1, 'x', null, Number.NaN), { maxLength: 9 }),
  fc.constantFrom<unknown>(1.000001, -0.000001, 9.5, 10.5, 199.5, 399.5, 400.5, 499.5, 4000.5, 0xffffffff + 0.5),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.constant(Array.from({ length: 4097 }, () => 0)),
  finite,
);

function edited(frame: Record<string, unknown>, edits: [string, unknown][]): unknown {
  const copy = structuredClone(frame);
  for (const [path, value] of edits) {
    const keys = path.split('.');
    let target: unknown = copy;
    for (const key of keys.slice(0, -1)) target = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[key] : undefined;
    if (target !== null && typeof target === 'object') (target as Record<string, unknown>)[keys[keys.length - 1]] = value;
  }
  return copy;
}

const frame = fc.tuple(validFrame, fc.array(fc.tuple(fc.constantFrom(...PATHS), oddValue), { maxLength: 3 })).map(([base, edits]) => edited(base, edits));

describe('checkedJsonFrame', () => {
  it('accepts nothing the zod schema rejects', () => {
    let accepted = 0;
    fc.assert(
      fc.property(frame, (value) => {
        if (checkedJsonFrame(value) === undefined) return true;
        accepted++;
        return jsonFrameSchema.safeParse(value).success;
      }),
      { numRuns: 5000 },
    );
    // the generator must reach valid frames often enough for the property to mean something
    expect(accepted).toBeGreaterThan(50);
  });

  it('accepts the ordinary frames the schema accepts', () => {
    const ordinary = {
      v: 1,
      seq: 4711,
      t: 1764201600000,
      emg: { fs: 1000, ch: ['gastrocnemius', 'tibialis_anterior'], uv: [[12.5, -3.1], [4, 2.2]] },
      acc: { fs: 50, t: 1764201600000.5, mg: [[12, -40, 998]] },
      foot: { fs: 50, mg: [] },
      temp: 31.4,
      bat: 0.82,
      newer_firmware_field: { x: 1 },
    };
    expect(jsonFrameSchema.safeParse(ordinary).success).toBe(true);
    expect(checkedJsonFrame(ordinary)).toBe(ordinary);
  });
});
