// A high resting level is an electrode's floor only where a still body showed it (EmgChannel.
// floorUv): then a weak cramp is measured as the muscle's own EMG above it (activity.ts); a high
// resting level learnt while the muscle was working (walking from the first second) is judged
// as a gelled electrode's is, many times over.
import { describe, expect, it } from 'vitest';
import { isActive, isQuiet } from '../../src/detect/activity.ts';
import { EmgChannel } from '../../src/detect/emg-channel.ts';
import { Prng } from './synthetic.ts';

const FS_HZ = 1000;
const BLOCK = 50;

/** `seconds` of Gaussian noise shaped by `envelopeUv(t)`, one 50-ms block at a time. */
function feed(channel: EmgChannel, seconds: number, envelopeUv: (tS: number) => number, bodyStill: boolean, random: Prng): void {
  const block = new Float32Array(BLOCK);
  for (let b = 0; b < (seconds * FS_HZ) / BLOCK; b++) {
    for (let i = 0; i < BLOCK; i++) block[i] = envelopeUv((b * BLOCK + i) / FS_HZ) * random.gaussian();
    channel.conditioner.process(block, 0, BLOCK);
    channel.endBlock(true, true, bodyStill);
  }
}

describe('activity over a contact floor', () => {
  it('over a vouched floor a weak cramp is active; over the same resting level unvouched it is not', () => {
    // 40 µV over a 15 µV floor: 37 µV of muscle EMG, 2.7× the floor
    expect(isActive(40, 15, 15)).toBe(true);
    expect(isActive(40, 15)).toBe(false);
    // quiet over a floor: under 12 µV of muscle EMG or under 1.35× the floor
    expect(isQuiet(20, 15, 15)).toBe(true);
    expect(isQuiet(21, 15, 15)).toBe(false);
    // a gel floor keeps the gelled rules (6× rest and 20 µV above it)
    expect(isActive(24, 4, 0)).toBe(true);
    expect(isActive(23.9, 4, 0)).toBe(false);
  });
});

describe('EmgChannel.floorUv (a resting level ≥ 8 µV seen on a still body)', () => {
  it('vouches for a steady 15 µV floor seen with the leg still', () => {
    const channel = new EmgChannel('gastrocnemius', FS_HZ);
    feed(channel, 30, () => 15, true, new Prng(1));
    expect(channel.restUv).toBeGreaterThan(8);
    expect(channel.floorUv).toBe(channel.restUv);
  });

  it('does not vouch for the same floor while the leg moves or stands (the accelerometer says so)', () => {
    const channel = new EmgChannel('gastrocnemius', FS_HZ);
    feed(channel, 30, () => 15, false, new Prng(2));
    expect(channel.restUv).toBeGreaterThan(8);
    expect(channel.floorUv).toBe(0);
  });

  it('does not vouch for a resting level learnt in walking from the first second, even with no accelerometer', () => {
    // a stride a second: the muscle works 10–150 µV and never rests (the real trial 3Amar's vastus)
    const channel = new EmgChannel('soleus', FS_HZ);
    feed(channel, 40, (t) => 10 + 140 * Math.max(0, Math.sin(2 * Math.PI * t)) ** 2, true, new Prng(3));
    expect(channel.restUv).toBeGreaterThan(8);
    expect(channel.floorUv).toBe(0);
  });

  it('vouches for a floor once the walker lies still, from a still stretch of 3 s', () => {
    const channel = new EmgChannel('soleus', FS_HZ);
    const random = new Prng(4);
    feed(channel, 20, (t) => 10 + 140 * Math.max(0, Math.sin(2 * Math.PI * t)) ** 2, false, random);
    feed(channel, 2, () => 12, true, random);
    expect(channel.floorUv).toBe(0);
    feed(channel, 30, () => 12, true, random);
    expect(channel.floorUv).toBe(channel.restUv);
    expect(channel.floorUv).toBeGreaterThan(8);
  });

  it('never takes a gel contact for a floor (a few µV: the gelled rules hold)', () => {
    const channel = new EmgChannel('gastrocnemius', FS_HZ);
    feed(channel, 30, () => 3, true, new Prng(5));
    expect(channel.restUv).toBeLessThan(8);
    expect(channel.floorUv).toBe(0);
  });
});
