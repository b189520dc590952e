import { describe, expect, it } from 'vitest';
import { isActive, isQuiet } from '../../src/detect/activity.ts';
import { AccelStream } from '../../src/detect/accel-stream.ts';
import { channelLayout } from '../../src/detect/channel-layout.ts';

describe('activity levels (named once)', () => {
  it('active: ≥ 6× rest and ≥ 20 µV above it; quiet: < 3× rest and < 8 µV above it', () => {
    expect(isActive(24, 4)).toBe(true);
    expect(isActive(23.9, 4)).toBe(false);
    expect(isActive(22, 2)).toBe(true);
    expect(isActive(21.9, 2)).toBe(false);
    expect(isQuiet(11.9, 4)).toBe(true);
    expect(isQuiet(12, 4)).toBe(false);
    expect(isQuiet(9.9, 2)).toBe(true);
    expect(isQuiet(10, 2)).toBe(false);
  });
});

describe('channelLayout', () => {
  it('puts the calf muscles in the calf group with the tibialis anterior as antagonist', () => {
    const layout = channelLayout(['tibialis_anterior', 'soleus', 'gastrocnemius']);
    expect(layout.tibialisAnterior).toBe(0);
    const calf = layout.groups.find((g) => g.rules.region === 'calf')!;
    expect(calf.channels).toEqual([1, 2]);
    expect(calf.antagonists).toEqual([0]);
  });
  it('a tibialis anterior alone is watched by no cramp group', () => {
    expect(channelLayout(['tibialis_anterior']).groups).toHaveLength(0);
  });
});

describe('AccelStream', () => {
  it('feeds a frame\'s samples up to each block end on the accelerometer\'s own clock', () => {
    const stream = new AccelStream();
    // 4 samples at 50 Hz from t = 0: at 0, 20, 40, 60 ms
    stream.load({ fsHz: 50, tMs: 0, mg: Float32Array.from([0, 0, 1000, 0, 0, 1000, 0, 0, 1000, 0, 0, 1000]) });
    stream.feedUntil(50);
    expect(stream.tracker.seen).toBe(3);
    stream.feedUntil(Infinity);
    expect(stream.tracker.seen).toBe(4);
    expect(stream.worn).toBe(true);
    stream.load(undefined);
    stream.feedUntil(Infinity);
    expect(stream.tracker.seen).toBe(4);
  });
});
