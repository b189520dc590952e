// PROTOCOL §9 as a user runs it: `npx crampwatch replay NIGHT.ndjson.gz --episodes OUT.json`,
// on a capture with garbage lines in it, and with --truth.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CAUSES, MUSCLES, POSTURES, SEVERITIES } from '../../src/core/types.ts';
import { randomNightSpec, writeCapture } from '../../firmware-sim/src/night.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/crampwatch.js');

// PROTOCOL §6, closed episode
const episodeSchema = z.object({
  v: z.literal(1),
  event: z.literal('close'),
  id: z.string(),
  device: z.string(),
  muscle: z.enum(MUSCLES),
  start: z.number(),
  end: z.number(),
  duration_s: z.number().positive(),
  detected_at: z.number(),
  peak_uv: z.number().positive(),
  severity: z.enum(SEVERITIES),
  posture_before: z.enum(POSTURES),
  causes: z.array(z.object({ cause: z.enum(CAUSES), confidence: z.number().min(0).max(1), evidence: z.array(z.string()) })),
});

let dir: string;
let capture: string;
let truth: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-replay-'));
  const written = join(dir, 'night.ndjson.gz');
  const result = await writeCapture(randomNightSpec(5, { preset: 'cramp', hours: 0.2 }), written);
  truth = result.truthPath;
  // add garbage of every kind a file can hold, between real lines
  const lines = gunzipSync(await readFile(written)).toString().trim().split('\n');
  const garbage = ['not json at all', '{"rx":1,"topic":"crampwatch/v1/x/frames"}', '[1,2,3]', '{"rx":"soon","topic":5,"json":{}}', '', '{"rx":1,"topic":"crampwatch/v1/../../etc/frames","json":{"v":1}}', '\u0000\u0001'];
  const mixed = lines.flatMap((line, i) => (i % 50 === 7 ? [line, garbage[(i / 50) % garbage.length | 0]] : [line]));
  capture = join(dir, 'garbage.ndjson.gz');
  await writeFile(capture, gzipSync(mixed.join('\n') + '\n'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('crampwatch replay', () => {
  it('writes PROTOCOL §6 episodes for a capture with garbage lines, and exits 0', async () => {
    const out = join(dir, 'episodes.json');
    const { stdout } = await run('node', [BIN, 'replay', capture, '--episodes', out], { timeout: 120_000 });
    const episodes = JSON.parse(await readFile(out, 'utf8'));
    expect(Array.isArray(episodes)).toBe(true);
    expect(episodes.length).toBeGreaterThan(0);
    for (const episode of episodes) episodeSchema.parse(episode);
    expect(stdout).toMatch(/rejected: .*bad_line/);
  });

  it('prints the scores against the truth', async () => {
    const { stdout } = await run('node', [BIN, 'replay', capture, '--truth', truth, '--quiet'], { timeout: 120_000 });
    expect(stdout).toMatch(/sensitivity/i);
    expect(stdout).toMatch(/precision/i);
  });

  it('says what is wrong when the capture does not exist, and exits non-zero', async () => {
    await expect(run('node', [BIN, 'replay', join(dir, 'missing.ndjson.gz')])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/no capture at/) });
  });
});
