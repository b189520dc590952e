// Writes the committed fixtures: fixtures/eval/ (an evaluation set of short varied nights with
// truth) and fixtures/clips/ (one short clip per phenomenon), plus fixtures/manifest.json.
// Run: node --import tsx firmware-sim/src/make-fixtures.ts [--only eval|clips|whole-leg]
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from './random.ts';
import { randomNightSpec, writeCapture, type NightOptions } from './night.ts';

const ROOT = new URL('../../fixtures/', import.meta.url).pathname;

interface Entry {
  file: string;
  seed: number;
  options: NightOptions;
  binary: boolean;
  devices: number;
  minutes: number;
  cramps: number;
  kinds: Record<string, number>;
  bytes: number;
}

/** The evaluation nights: seeds 1001…, lengths 10–18 min, mostly one or two cramps, some none. */
export function evalPlan(count = 16): { seed: number; options: NightOptions; binary: boolean }[] {
  const random = new Random(20261126);
  return Array.from({ length: count }, (_, k) => {
    const seed = 1001 + k;
    const cramps = k % 6 === 5 ? 0 : k % 3 === 0 ? 2 : 1;
    const hours = Math.round(random.uniform(10, 18)) / 60;
    // ADC step 0.5 µV, mostly 500 Hz, 1 kHz nights on one leg: keeps the set near 40 MB (JSON of
    // whole steps gzips to ~1 byte a sample; base64 binary frames gzip worse, so every fourth
    // night is binary, at 500 Hz on one leg)
    const binary = k % 4 === 1;
    const fast = k % 3 === 0 && !binary;
    const options: NightOptions = { hours, cramps, busy: true, lsbUv: 0.5, emgFsHz: fast ? 1000 : 500 };
    if (fast || binary) options.legs = 1;
    return { seed, options, binary };
  });
}

/**
 * Whole-leg evaluation nights (thigh and sole leads, a thigh accelerometer; random-night.ts
 * `wholeLeg`), appended after the 16 calf nights as night-17 …: seeds 1017…, 12–16 minutes, two
 * cramps (none in the last, a false-positive check), 500 Hz, the third in binary frames.
 */
export function wholeLegPlan(count = 6): { seed: number; options: NightOptions; binary: boolean }[] {
  return Array.from({ length: count }, (_, k) => ({
    seed: 1017 + k,
    options: { hours: (12 + ((k * 7) % 5)) / 60, cramps: k === count - 1 ? 0 : 2, busy: true, lsbUv: 0.5, emgFsHz: 500, legs: 1, wholeLeg: true },
    binary: k === 2,
  }));
}

export const CLIPS: { preset: string; minutes: number }[] = [
  { preset: 'quiet', minutes: 1 },
  { preset: 'cramp', minutes: 3 },
  { preset: 'plm', minutes: 4 },
  { preset: 'turning', minutes: 3 },
  { preset: 'walking', minutes: 7 },
  { preset: 'stretch', minutes: 4 },
  { preset: 'restless', minutes: 4 },
  { preset: 'blanket', minutes: 2 },
  { preset: 'blanket-cramp', minutes: 3 },
  { preset: 'loose-electrode', minutes: 5 },
  { preset: 'lossy', minutes: 5 },
  { preset: 'two-legs', minutes: 4 },
];

async function make(folder: string, name: string, seed: number, options: NightOptions, binary: boolean): Promise<Entry> {
  const spec = randomNightSpec(seed, options);
  const file = join(folder, `${name}.ndjson.gz`);
  await writeCapture(spec, file, { binary });
  const kinds: Record<string, number> = {};
  for (const e of spec.truth) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  const entry: Entry = {
    file: file.slice(ROOT.length),
    seed,
    options,
    binary,
    devices: spec.devices.length,
    minutes: Math.round((spec.endMs - spec.startMs) / 60_000),
    cramps: kinds.cramp ?? 0,
    kinds,
    bytes: (await stat(file)).size,
  };
  console.log(`${entry.file}: ${entry.minutes} min, ${entry.devices} device(s), ${entry.cramps} cramp(s), ${(entry.bytes / 1e6).toFixed(2)} MB`);
  return entry;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const manifestPath = join(ROOT, 'manifest.json');
  const manifest: { eval: Entry[]; clips: Entry[] } = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, 'utf8')) : { eval: [], clips: [] };
  if (values.only !== 'clips' && values.only !== 'whole-leg') {
    const folder = join(ROOT, 'eval');
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    manifest.eval = [];
    for (const [k, plan] of evalPlan().entries()) manifest.eval.push(await make(folder, `night-${String(k + 1).padStart(2, '0')}`, plan.seed, plan.options, plan.binary));
  }
  if (values.only !== 'clips') {
    // appended: the calf nights above are left as they are
    const folder = join(ROOT, 'eval');
    const calfNights = evalPlan().length;
    manifest.eval = manifest.eval.slice(0, calfNights);
    for (const [k, plan] of wholeLegPlan().entries()) manifest.eval.push(await make(folder, `night-${String(calfNights + k + 1).padStart(2, '0')}`, plan.seed, plan.options, plan.binary));
  }
  if (values.only !== 'eval' && values.only !== 'whole-leg') {
    const folder = join(ROOT, 'clips');
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    manifest.clips = [];
    for (const [k, clip] of CLIPS.entries()) manifest.clips.push(await make(folder, clip.preset, 500 + k, { preset: clip.preset, hours: clip.minutes / 60, emgFsHz: 1000, lsbUv: 0.25, ...(clip.preset === 'two-legs' ? {} : { legs: 1 as const }) }, false));
  }
  await writeFile(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  const total = [...manifest.eval, ...manifest.clips].reduce((sum, e) => sum + e.bytes, 0);
  console.log(`total ${(total / 1e6).toFixed(1)} MB`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
