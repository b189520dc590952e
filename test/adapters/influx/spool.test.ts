// The spool on its own: order, bound, restart, and a write cut short by a crash.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredPoint } from '../../../src/adapters/influx/points.ts';
import { Spool } from '../../../src/adapters/influx/spool.ts';
import { backoffDelayMs } from '../../../src/adapters/influx/backoff.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crampwatch-spool-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const points = (from: number, n: number): StoredPoint[] =>
  Array.from({ length: n }, (_, i) => ({ rp: 'signals', measurement: 'signal', tags: { device: 'leg-01' }, fields: { contact: 1 }, tMs: from + i }));

describe('Spool', () => {
  it('gives segments back oldest first, a late older batch in its place', () => {
    const spool = new Spool(freshDir(), 1e6);
    spool.put(2, points(200, 3));
    spool.put(3, points(300, 3));
    spool.put(1, points(100, 3)); // the batch that failed in flight
    const order: number[] = [];
    for (let s = spool.oldest(); s; s = spool.oldest()) {
      order.push(spool.read(s).points[0].tMs);
      spool.remove(s);
    }
    expect(order).toEqual([100, 200, 300]);
    expect(spool.isEmpty).toBe(true);
  });

  it('drops the oldest segments to stay within its bound, and counts them', () => {
    const spool = new Spool(freshDir(), 2000);
    let dropped = 0;
    for (let i = 0; i < 20; i++) dropped += spool.put(i, points(i * 10, 5));
    expect(spool.bytes).toBeLessThanOrEqual(2000);
    expect(dropped + spool.points).toBe(100);
    expect(dropped).toBeGreaterThan(0);
    expect(spool.read(spool.oldest()!).points[0].tMs).toBeGreaterThan(0);
    // a batch larger than the whole bound is refused outright
    expect(spool.put(99, points(0, 1000))).toBe(1000);
  });

  it('finds its segments again after a restart, continues the numbering, and removes half-written files', () => {
    const dir = freshDir();
    const first = new Spool(dir, 1e6);
    first.put(7, points(0, 4));
    writeFileSync(join(dir, '000000000008-4.ndjson.tmp'), '{"rp":"sig');
    const second = new Spool(dir, 1e6);
    expect(second.points).toBe(4);
    expect(second.nextSeq()).toBe(8);
    expect(readdirSync(dir)).toEqual(['000000000007-4.ndjson']);
  });

  it('counts unreadable lines instead of throwing', () => {
    const dir = freshDir();
    writeFileSync(join(dir, '000000000001-3.ndjson'), `${JSON.stringify(points(0, 1)[0])}\nnot json\n{"half":`);
    const spool = new Spool(dir, 1e6);
    expect(spool.read(spool.oldest()!)).toMatchObject({ badLines: 2, points: [{ tMs: 0 }] });
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially to its cap, jittered between a tenth of the cap and the cap', () => {
    const options = { initialMs: 500, maxMs: 30_000 };
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, options, () => 0.999999))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(50, options, () => 0.999999)).toBe(30_000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(200);
  });
});
