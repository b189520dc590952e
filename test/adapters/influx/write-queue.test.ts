// The write queue's ordering under failure, with a scripted write function standing in for the
// database: the one case a real influxd cannot be made to produce on cue is a batch that fails
// while it is in flight and newer points overflow memory meanwhile. (The store's tests cover the
// same queue against a real influxd.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredPoint } from '../../../src/adapters/influx/points.ts';
import { Spool } from '../../../src/adapters/influx/spool.ts';
import { WriteQueue, type WriteOutcome } from '../../../src/adapters/influx/write-queue.ts';
import { silentLogger } from '../../../src/log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const point = (tMs: number): StoredPoint => ({ rp: 'signals', measurement: 'signal', tags: { device: 'leg-01' }, fields: { contact: 1 }, tMs });

function queueWith(write: (points: StoredPoint[]) => Promise<WriteOutcome>, maxBufferedPoints = 4) {
  const dir = mkdtempSync(join(tmpdir(), 'crampwatch-queue-'));
  dirs.push(dir);
  return new WriteQueue({
    write,
    spool: new Spool(dir, 1e6),
    batchSize: 3,
    flushIntervalMs: 60_000,
    maxBufferedPoints,
    spillEveryIntervals: 10,
    backoff: { initialMs: 60_000, maxMs: 60_000 },
    random: () => 0.5,
    logger: silentLogger(),
  });
}

describe('WriteQueue', () => {
  it('writes a batch that failed in flight before the newer points spilled meanwhile', async () => {
    const written: number[] = [];
    let failNext = true;
    let releaseInFlight!: (outcome: WriteOutcome) => void;
    const queue = queueWith(async (points) => {
      if (failNext) {
        failNext = false;
        return new Promise<WriteOutcome>((resolve) => (releaseInFlight = resolve));
      }
      written.push(...points.map((p) => p.tMs));
      return { kind: 'written' };
    });
    for (let t = 0; t < 3; t++) queue.push(point(t)); // a full batch: its write starts
    for (let t = 3; t < 11; t++) queue.push(point(t)); // overflows memory twice while it hangs
    expect(queue.stats().spoolPoints).toBe(8);
    releaseInFlight({ kind: 'retry', detail: 'connection refused' });
    await queue.flush();
    expect(written).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(queue.stats()).toMatchObject({ written: 11, dropped: 0, spoolPoints: 0, buffered: 0, consecutiveFailures: 0 });
    await queue.close();
  });

  it('counts refused points as dropped and the rest as written, and drops what comes after close', async () => {
    const queue = queueWith(async () => ({ kind: 'refused', refused: 1, detail: 'partial write: dropped=1' }));
    for (let t = 0; t < 3; t++) queue.push(point(t));
    await queue.close();
    queue.push(point(9));
    expect(queue.stats()).toMatchObject({ written: 2, dropped: 2, spoolPoints: 0 });
  });

  it('treats a write function that throws as a failure to retry, keeping the points', async () => {
    const queue = queueWith(async () => {
      throw new Error('socket hang up');
    });
    for (let t = 0; t < 5; t++) queue.push(point(t));
    await queue.close();
    expect(queue.stats()).toMatchObject({ written: 0, dropped: 0, spoolPoints: 5, consecutiveFailures: 2 });
  });
});
