// The simulated app's diaries: valid messages, realistic (short and mild cramps forgotten more
// often, times off by minutes, now and then a cramp no sensor had), and, replayed through the
// pipeline, agreeing with the sensor exactly as their truth says.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { wearerDiary } from '../../firmware-sim/src/diary.ts';
import { nightMessages, nightTruth, randomNightSpec, writeCapture } from '../../firmware-sim/src/night.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { DiaryBook } from '../../src/app/diary-book.ts';
import { NightBook } from '../../src/app/nights.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';

const MIN = 60_000;
const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/crampwatch.js');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the simulated diary', () => {
  const specs = Array.from({ length: 300 }, (_, k) => randomNightSpec(7000 + k, { hours: 1 + (k % 4), cramps: 1 + (k % 3) }));
  const diaries = specs.map((spec) => ({ spec, ...wearerDiary(spec) }));

  it('is a valid PROTOCOL §10.4 message, sent after the night on the first device', () => {
    for (const { spec, line, diary } of diaries) {
      const message = decodeMessage(line.topic, { json: line.json });
      expect(message.ok, JSON.stringify(message)).toBe(true);
      expect(line.topic).toBe(`crampwatch/v1/${spec.devices[0].id}/diary`);
      expect(line.rx).toBeGreaterThan(spec.endMs);
      expect(diary.t).toBe(line.rx);
    }
  });

  it('accounts for every true cramp once: noted, slept through, or felt as one with another', () => {
    for (const { spec, diary, truth } of diaries) {
      const cramps = spec.truth.filter((e) => e.kind === 'cramp');
      const felt = truth.noted.filter((n) => n.kind === 'felt');
      expect(felt.length + truth.forgotten.length).toBe(cramps.length);
      expect(new Set([...felt.map((n) => n.start), ...truth.forgotten.map((f) => f.start)]).size).toBe(cramps.length);
      expect(truth.noted.map((n) => n.at)).toEqual(diary.cramps.map((c) => c.at));
      for (const n of felt) expect(Math.abs(n.at - n.start!)).toBeLessThanOrEqual(25 * MIN);
      for (const c of diary.cramps) if (c.pain !== undefined) expect(c.pain).toBeGreaterThanOrEqual(0);
    }
  });

  it('forgets short cramps more often than long ones, guesses times minutes off, and sometimes notes one no sensor had', () => {
    const outcomes: { durationS: number; noted: boolean }[] = [];
    const offMin: number[] = [];
    let phantoms = 0;
    for (const { spec, truth } of diaries) {
      for (const c of spec.truth.filter((e) => e.kind === 'cramp')) {
        outcomes.push({ durationS: (c.end - c.start) / 1000, noted: truth.noted.some((n) => n.start === c.start) });
      }
      for (const n of truth.noted) if (n.kind === 'felt') offMin.push(Math.abs(n.at - n.start!) / MIN);
      phantoms += truth.noted.filter((n) => n.kind === 'phantom').length;
    }
    const share = (list: typeof outcomes) => list.filter((o) => o.noted).length / list.length;
    const short = outcomes.filter((o) => o.durationS < 15);
    const long = outcomes.filter((o) => o.durationS >= 60);
    expect(short.length).toBeGreaterThan(20);
    expect(long.length).toBeGreaterThan(20);
    expect(share(short)).toBeLessThan(share(long) - 0.2);
    expect(share(long)).toBeGreaterThan(0.8);
    offMin.sort((a, b) => a - b);
    const median = offMin[Math.floor(offMin.length / 2)];
    expect(median).toBeGreaterThan(2);
    expect(median).toBeLessThan(15);
    expect(offMin.filter((m) => m < 0.5).length / offMin.length).toBeLessThan(0.3);
    expect(phantoms / specs.length).toBeGreaterThan(0.05);
    expect(phantoms / specs.length).toBeLessThan(0.3);
    console.log(`simulated diaries, ${specs.length} nights: noted ${(share(short) * 100).toFixed(0)} % of cramps < 15 s, ${(share(long) * 100).toFixed(0)} % of ≥ 60 s; time off median ${median.toFixed(1)} min; ${phantoms} cramps no sensor had`);
  });
});

describe('a simulated night with its diary, replayed', () => {
  it('agrees with the sensor as the diary truth says: felt = found, forgotten = not felt, no-sensor = not found', async () => {
    // seeds whose diaries hold all three: a cramp felt, one felt as one with it, one no sensor had
    for (const [seed, legs] of [[51, 1], [32, 2]] as const) {
      const spec = randomNightSpec(seed, { hours: 0.25, cramps: 2, legs });
      const truth = nightTruth(spec);
      const result = await replayLines(nightMessages(spec), { createCore: createDeviceCore });
      const cramps = truth.episodes.filter((e) => e.kind === 'cramp');
      // the detector found exactly the true cramps here; otherwise the diary's truth says nothing of it
      expect(result.episodes.length, `seed ${seed}`).toBe(cramps.length);
      for (const c of cramps) expect(result.episodes.some((e) => e.device === c.device && e.start < c.end && e.end! > c.start)).toBe(true);
      expect(result.diaries).toHaveLength(1);

      const book = new NightBook();
      const diaryBook = new DiaryBook();
      for (const entry of result.diaries) diaryBook.diary(entry);
      for (const e of result.episodes) book.episode(e);
      const ended = result.nightStats.map((stats) => {
        const night = book.nightEnded(stats, result.ingestor.profile(stats.device));
        diaryBook.nightEnded(night);
        return night;
      });
      const felt = truth.diary!.noted.filter((n) => n.kind === 'felt').length;
      const phantom = truth.diary!.noted.length - felt;
      expect(felt * phantom * truth.diary!.forgotten.length, `seed ${seed} holds every kind`).toBeGreaterThan(0);
      for (const night of ended) {
        expect(night.summary.diary, `seed ${seed}`).toMatchObject({ noted: felt + phantom, found: felt, missed: phantom, unfelt: truth.diary!.forgotten.length });
      }
    }
  }, 120_000);

  it('crampwatch replay says it in words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crampwatch-diary-replay-'));
    dirs.push(dir);
    const capture = join(dir, 'night.ndjson.gz');
    await writeCapture(randomNightSpec(51, { hours: 0.25, cramps: 2, legs: 1 }), capture);
    const { stdout } = await run('node', [BIN, 'replay', capture], { timeout: 120_000 });
    expect(stdout).toMatch(/Your diary: You noted \d cramps?; the sensor found/);
    expect(stdout).not.toContain('bad_topic');
  }, 120_000);
});
