import { describe, expect, it } from 'vitest';
import type { SampleFrame } from '../../src/core/types.ts';
import { FrameSequencer, seqDistance } from '../../src/ingest/sequencer.ts';

const PERIOD_MS = 100;

function frame(seq: number, tMs = 1_000_000 + seq * PERIOD_MS): SampleFrame {
  return { device: 'd', seq, tMs, emgFsHz: 1000, channels: ['soleus'], emgUv: [new Float32Array(100)] };
}

function collect() {
  const out = { frames: [] as number[], gaps: [] as [number, number, number][], duplicates: 0, late: 0 };
  const sequencer = new FrameSequencer(
    {
      frame: (f) => out.frames.push(f.seq),
      gap: (from, to, missing) => out.gaps.push([from, to, missing]),
      duplicate: () => out.duplicates++,
      late: () => out.late++,
    },
    { holdMs: 1000, maxHeld: 8 },
  );
  return { out, sequencer };
}

describe('FrameSequencer', () => {
  it('passes frames in order straight through', () => {
    const { out, sequencer } = collect();
    for (let s = 0; s < 5; s++) sequencer.push(frame(s), s);
    expect(out.frames).toEqual([0, 1, 2, 3, 4]);
    expect(out.gaps).toEqual([]);
  });

  it('puts small reorderings back in order', () => {
    const { out, sequencer } = collect();
    for (const s of [0, 2, 1, 4, 3, 5]) sequencer.push(frame(s), 0);
    expect(out.frames).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sequencer.reordered).toBe(2);
  });

  it('drops duplicates, before and after their first copy was emitted', () => {
    const { out, sequencer } = collect();
    for (const s of [0, 1, 1, 3, 3, 2, 0]) sequencer.push(frame(s), 0);
    expect(out.frames).toEqual([0, 1, 2, 3]);
    expect(out.duplicates).toBe(3);
  });

  it('declares a gap, with its time span, when the missing frame does not come in time', () => {
    const { out, sequencer } = collect();
    sequencer.push(frame(0), 0);
    sequencer.push(frame(3), 10);
    sequencer.tick(500);
    expect(out.frames).toEqual([0]);
    sequencer.tick(1010);
    expect(out.frames).toEqual([0, 3]);
    expect(out.gaps).toEqual([[1_000_100, 1_000_300, 2]]);
    sequencer.push(frame(1), 1100);
    expect(out.late).toBe(1);
  });

  it('declares a gap at once when too many frames wait', () => {
    const { out, sequencer } = collect();
    sequencer.push(frame(0), 0);
    for (let s = 2; s <= 10; s++) sequencer.push(frame(s), 0);
    expect(out.frames).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(out.gaps.length).toBe(1);
  });

  it('wraps at 2^32', () => {
    expect(seqDistance(4294967295, 0)).toBe(1);
    expect(seqDistance(0, 4294967295)).toBe(-1);
    const { out, sequencer } = collect();
    sequencer.push(frame(4294967294, 0), 0);
    sequencer.push(frame(0, 200), 0);
    sequencer.push(frame(4294967295, 100), 0);
    expect(out.frames).toEqual([4294967294, 4294967295, 0]);
    expect(out.gaps).toEqual([]);
  });

  it('reports a contiguous sequence whose clock jumps as missing data', () => {
    const { out, sequencer } = collect();
    sequencer.push(frame(0, 0), 0);
    sequencer.push(frame(1, 30_000), 0);
    expect(out.gaps).toEqual([[100, 30_000, 0]]);
  });

  it('follows a device that restarted and counts from zero again', () => {
    const { out, sequencer } = collect();
    sequencer.push(frame(50_000, 0), 0);
    sequencer.push(frame(0, 60_000), 0);
    sequencer.push(frame(1, 60_100), 0);
    expect(out.frames).toEqual([50_000, 0, 1]);
  });
});
