// Every named preset makes the phenomenon it is named for, and the committed fixtures match
// their manifest.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nightTruth, PRESETS, randomNightSpec } from '../../firmware-sim/src/index.ts';

const EXPECTED_KIND: Record<string, string> = {
  cramp: 'cramp',
  plm: 'plm',
  turning: 'movement',
  walking: 'walk',
  stretch: 'stretch',
  restless: 'movement',
  blanket: 'artifact',
  'blanket-cramp': 'cramp',
  'loose-electrode': 'artifact',
  lossy: 'cramp',
  'two-legs': 'cramp',
  'full-night': 'movement',
  'dry-electrodes': 'cramp',
  'both-legs': 'cramp',
};

describe('presets', () => {
  it.each(Object.keys(PRESETS))('%s has what it is named for', (name) => {
    const spec = randomNightSpec(3, { preset: name });
    const truth = nightTruth(spec);
    const kinds = new Set(truth.episodes.map((e) => e.kind));
    if (name === 'quiet') expect(truth.episodes).toEqual([]);
    else if (name.startsWith('cause-')) expect(kinds.has('cramp')).toBe(true);
    else expect(kinds.has(EXPECTED_KIND[name] as never)).toBe(true);
    if (name === 'blanket') expect(spec.layers.some((l) => l.type === 'hum')).toBe(true);
    if (name === 'loose-electrode') expect(spec.layers.some((l) => l.type === 'loose')).toBe(true);
    if (name === 'two-legs') expect(spec.devices.length).toBe(2);
    if (name === 'dry-electrodes') expect(spec.layers.filter((l) => l.type === 'contact').length).toBe(spec.devices.length);
    if (name === 'both-legs') expect(new Set(truth.episodes.filter((e) => e.kind === 'cramp').map((e) => e.device)).size).toBe(2);
    if (name === 'full-night') expect((spec.endMs - spec.startMs) / 3_600_000).toBeGreaterThanOrEqual(6);
    // harder nights are the usual random night underneath, transport faults included
    if (name !== 'lossy' && !PRESETS[name].randomEvents) expect(spec.transport.garbage.length + spec.transport.outages.length).toBe(0);
  });

  it('rejects an unknown preset by name', () => {
    expect(() => randomNightSpec(1, { preset: 'no-such-thing' })).toThrow(/unknown preset/);
  });
});

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
describe.skipIf(!existsSync(`${FIXTURES}manifest.json`))('committed fixtures', () => {
  it('match the manifest: every capture and truth file is there, cramps counted right', () => {
    const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, 'utf8')) as { eval: { file: string; cramps: number; bytes: number }[]; clips: { file: string; cramps: number; bytes: number }[] };
    expect(manifest.eval.length).toBeGreaterThanOrEqual(16);
    for (const entry of [...manifest.eval, ...manifest.clips]) {
      const capture = FIXTURES + entry.file;
      expect(statSync(capture).size).toBe(entry.bytes);
      const truth = JSON.parse(readFileSync(capture.replace(/\.ndjson\.gz$/, '.truth.json'), 'utf8'));
      expect(truth.v).toBe(1);
      expect(truth.episodes.filter((e: { kind: string }) => e.kind === 'cramp').length).toBe(entry.cramps);
    }
    expect(manifest.eval.reduce((n, e) => n + e.cramps, 0)).toBeGreaterThanOrEqual(15);
  });
});
