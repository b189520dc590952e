// FrameBatch (src/ingest/frame-batch.ts) carries decoded frames between a replay's two threads
// as numbers in typed arrays. Whatever frames and lines go in, in whatever order, the same come
// out: every field to the bit (float32 samples, float64 times, -0 and fractions), the optional
// parts present exactly when they were, the lines in their places, over several batches of one
// writer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUSCLES, type AccBlock, type SampleFrame } from '../../src/core/types.ts';
import { FrameBatchWriter, framesOfBatch } from '../../src/ingest/frame-batch.ts';
import type { ReplayLine } from '../../src/ingest/replay.ts';

const float32 = fc.float({ noNaN: true });
const time = fc.oneof(fc.double({ min: 0, max: 2e12, noNaN: true }), fc.constantFrom(0, 1771286399280.5));
const accBlock: fc.Arbitrary<AccBlock> = fc.record({
  fsHz: fc.constantFrom(10, 25, 50, 400),
  tMs: time,
  mg: fc.array(fc.tuple(float32, float32, float32), { maxLength: 6 }).map((rows) => Float32Array.from(rows.flat())),
});
const frame: fc.Arbitrary<SampleFrame> = fc
  .record(
    {
      device: fc.constantFrom('leg-01', 'leg-02', 'a'),
      seq: fc.oneof(fc.nat(), fc.constant(0xffffffff)),
      tMs: time,
      emgFsHz: fc.constantFrom(200, 1000, 4000),
      channels: fc.shuffledSubarray([...MUSCLES], { minLength: 1, maxLength: 4 }),
      length: fc.integer({ min: 1, max: 40 }),
      acc: accBlock,
      foot: accBlock,
      thigh: accBlock,
      tempC: fc.double({ min: -40, max: 60, noNaN: true }),
      battery: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
    },
    { requiredKeys: ['device', 'seq', 'tMs', 'emgFsHz', 'channels', 'length', 'seed'] },
  )
  .map(({ device, seq, tMs, emgFsHz, channels, length, seed, ...optional }) => {
    const emgUv = channels.map((_, c) => Float32Array.from({ length }, (_, i) => Math.fround(Math.sin(seed + 31 * c + i) * 300)));
    // in decodeMessage's order (sampleFrameOf): the keys' order is part of what must come back
    const frame: SampleFrame = { device, seq, tMs, emgFsHz, channels, emgUv };
    for (const key of ['acc', 'foot', 'thigh', 'tempC', 'battery'] as const) if (optional[key] !== undefined) Object.assign(frame, { [key]: optional[key] });
    return frame;
  });
const line: fc.Arbitrary<ReplayLine> = fc.oneof(fc.string(), fc.record({ rx: fc.nat(), topic: fc.string(), b64: fc.base64String() }));
const item = fc.oneof({ arbitrary: frame.map((f) => ({ rx: 0, decoded: f })), weight: 4 }, { arbitrary: line, weight: 1 });

/** Through the writer and back, cut into batches every `cut` items, each batch as postMessage would move it. */
function roundTrip(items: ReplayLine[], cut: number): ReplayLine[] {
  const writer = new FrameBatchWriter();
  const out: ReplayLine[] = [];
  const take = () => {
    const { batch, transfer } = writer.take();
    out.push(...framesOfBatch(structuredClone(batch, { transfer })));
  };
  items.forEach((it, i) => {
    if (typeof it === 'object' && 'decoded' in it) writer.frame(i, it.decoded);
    else writer.pass(it);
    if (writer.items === cut) take();
  });
  if (writer.items > 0) take();
  return out;
}

/** A frame as plain values, typed arrays as number lists, -0 told from 0, optional parts only when present. */
function plain(value: ReplayLine, rx: number): unknown {
  if (typeof value !== 'object' || !('decoded' in value)) return value;
  const f = value.decoded;
  const numbers = (a: Float32Array) => Array.from(a, (x) => (Object.is(x, -0) ? '-0' : x));
  const block = (b: AccBlock | undefined) => b && { fsHz: b.fsHz, tMs: b.tMs, mg: numbers(b.mg) };
  return { rx, keys: Object.keys(f), ...f, channels: [...f.channels], emgUv: f.emgUv.map(numbers), acc: block(f.acc), foot: block(f.foot), thigh: block(f.thigh) };
}

describe('FrameBatch', () => {
  it('gives back every frame and line, in order, to the bit, across batches', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: 1, max: 70 }), (items, cut) => {
        const out = roundTrip(items, cut);
        expect(out.length).toBe(items.length);
        out.forEach((got, i) => {
          const sent = items[i];
          const isFrame = typeof sent === 'object' && 'decoded' in sent;
          expect(plain(got, i)).toEqual(plain(sent, isFrame ? i : 0));
          if (isFrame) expect((got as { rx: number }).rx).toBe(i);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('grows past its first arrays (a batch of many long frames)', () => {
    const long = fc.sample(frame, { numRuns: 400, seed: 7 }).map((f) => ({ ...f, emgUv: f.emgUv.map(() => new Float32Array(4096).fill(1.5)) }));
    const out = roundTrip(
      long.map((decoded) => ({ rx: 0, decoded })),
      1000,
    );
    expect(out.map((it, i) => plain(it, i))).toEqual(long.map((decoded, i) => plain({ rx: i, decoded }, i)));
  });
});
