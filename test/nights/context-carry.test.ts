// Consecutive captures replayed together keep what the live pipeline keeps between nights: here
// the context logs of the days before, which a "sudden rise in activity" is measured against
// (src/causes/rules.ts). The same last night replayed alone has no usual to compare with.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import replay from '../../src/cli/replay.ts';
import type { Episode } from '../../src/core/types.ts';
import { writeCapture } from '../../firmware-sim/src/night.ts';
import { buildSeries } from '../../firmware-sim/src/scenario/series.ts';

let dir: string;
const captures: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-carry-'));
  // a cramp every night; three days of a short walk, then two hours of it
  const series = buildSeries({ reason: 'frequent', seed: 41, hours: 0.25, emgFsHz: 500, tz: 'Europe/Berlin' });
  for (const [k, { spec }] of series.nights.entries()) {
    const last = k === series.nights.length - 1;
    Object.assign(spec.context, { exercise_intensity: 'light', exercise_min: last ? 120 : 15, standing_h: 2, sitting_h: 4 });
    const path = join(dir, `night-${k + 1}.ndjson.gz`);
    await writeCapture(spec, path);
    captures.push(path);
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lastNightFatigue(paths: string[]): Promise<Episode['causes']> {
  const out = join(dir, `episodes-${paths.length}.json`);
  expect(await replay([...paths, '--episodes', out, '--quiet'])).toBe(0);
  const episodes = JSON.parse(await readFile(out, 'utf8')) as Episode[];
  const lastNight = episodes.filter((e) => e.start >= (episodes.at(-1)?.start ?? 0) - 3_600_000);
  expect(lastNight.length).toBeGreaterThan(0);
  return lastNight.flatMap((e) => e.causes.filter((c) => c.cause === 'muscle_fatigue'));
}

describe('replaying nights together keeps the context logs between them', () => {
  it('names a sudden rise in activity on the fourth night, measured against the three days before', async () => {
    const fatigue = await lastNightFatigue(captures);
    expect(fatigue.length).toBeGreaterThan(0);
    expect(fatigue[0].confidence).toBeGreaterThanOrEqual(0.5);
    expect(fatigue[0].evidence.join(' ')).toMatch(/much more than your usual 15 min/);
  }, 120_000);

  it('the fourth night alone has no usual to measure against', async () => {
    expect(await lastNightFatigue(captures.slice(-1))).toEqual([]);
  }, 120_000);
});
