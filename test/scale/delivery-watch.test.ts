// The stall rule of a partition's consumer (delivery-watch.ts), on a clock the test moves: a quiet
// consumer is compared with the stream, and only one that stays behind a message the stream holds
// counts as stalled; the back-off between remakes grows and stays bounded.
import { describe, expect, it } from 'vitest';
import { DeliveryWatch, remakeDelayMs } from '../../src/app/nats/delivery-watch.ts';

describe('DeliveryWatch', () => {
  it('asks the stream only once the consumer has gone quiet', () => {
    const watch = new DeliveryWatch(10, 0, { idleMs: 2000, stallMs: 4000 });
    expect(watch.due(1999)).toBe(false);
    expect(watch.due(2000)).toBe(true);
    watch.delivered(11, 2500);
    expect(watch.due(4000)).toBe(false);
    expect(watch.due(4500)).toBe(true);
  });

  it('a quiet partition whose stream holds nothing new is caught up, however long it stays quiet, and asked about less often', () => {
    const watch = new DeliveryWatch(10, 0, { idleMs: 2000, stallMs: 4000, recheckMs: 5000 });
    for (let t = 2000; t < 60_000; t += 5000) {
      expect(watch.due(t)).toBe(true);
      expect(watch.observe(10, t)).toBe('caught-up');
      expect(watch.due(t + 4999)).toBe(false);
    }
    // none at all on the subject
    expect(new DeliveryWatch(0, 0).observe(0, 10_000)).toBe('caught-up');
  });

  it('behind the stream with nothing delivered for the stall time: stalled', () => {
    const watch = new DeliveryWatch(10, 0, { idleMs: 2000, stallMs: 4000 });
    expect(watch.observe(12, 2000)).toBe('behind');
    // behind: asked again at the next tick
    expect(watch.due(3000)).toBe(true);
    expect(watch.observe(15, 5999)).toBe('behind');
    expect(watch.observe(15, 6000)).toBe('stalled');
  });

  it('a delivery while behind starts the count again', () => {
    const watch = new DeliveryWatch(10, 0, { idleMs: 2000, stallMs: 4000 });
    expect(watch.observe(12, 2000)).toBe('behind');
    watch.delivered(11, 5000);
    expect(watch.observe(12, 7000)).toBe('behind');
    expect(watch.observe(12, 10_999)).toBe('behind');
    expect(watch.observe(12, 11_000)).toBe('stalled');
  });

  it('caught up in between starts the count again', () => {
    const watch = new DeliveryWatch(10, 0, { idleMs: 2000, stallMs: 4000 });
    expect(watch.observe(12, 2000)).toBe('behind');
    watch.delivered(12, 3000);
    expect(watch.observe(12, 5000)).toBe('caught-up');
    expect(watch.observe(13, 6000)).toBe('behind');
    expect(watch.observe(13, 9999)).toBe('behind');
  });
});

describe('remakeDelayMs', () => {
  it('grows from 0.5 s by doubling and stays at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 100].map(remakeDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
    expect(remakeDelayMs(-1)).toBe(500);
  });
});
