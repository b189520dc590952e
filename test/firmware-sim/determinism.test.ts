import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { captureText } from '../../firmware-sim/src/capture-line.ts';

function digest(seed: number, options: Parameters<typeof randomNightSpec>[1], binary = false): string {
  const hash = createHash('sha256');
  for (const line of nightMessages(randomNightSpec(seed, options), { binary })) hash.update(captureText(line));
  return hash.digest('hex');
}

describe('a night is a function of its seed', () => {
  it('gives the same spec and the same bytes for the same seed', () => {
    expect(JSON.stringify(randomNightSpec(7, { hours: 0.5 }))).toBe(JSON.stringify(randomNightSpec(7, { hours: 0.5 })));
    expect(digest(11, { hours: 0.05 })).toBe(digest(11, { hours: 0.05 }));
    expect(digest(11, { hours: 0.05 }, true)).toBe(digest(11, { hours: 0.05 }, true));
  });

  it('gives different nights for different seeds', () => {
    expect(digest(11, { hours: 0.05 })).not.toBe(digest(12, { hours: 0.05 }));
    const a = randomNightSpec(1, { hours: 8 });
    const b = randomNightSpec(2, { hours: 8 });
    expect(JSON.stringify(a.truth)).not.toBe(JSON.stringify(b.truth));
  });

  it('gives the same night, shifted, when told when it starts (the demo and `publish` start it near now)', () => {
    const own = randomNightSpec(9, { hours: 1, cramps: 2 });
    const startMs = Date.UTC(2030, 5, 1, 22);
    const moved = randomNightSpec(9, { hours: 1, cramps: 2, startMs });
    expect(moved.startMs).toBe(startMs);
    const offsets = (spec: typeof own) => spec.truth.map((e) => [e.kind, e.start - spec.startMs, e.end - spec.startMs]);
    expect(offsets(moved)).toEqual(offsets(own));
    expect(moved.truth.filter((e) => e.kind === 'cramp')).toHaveLength(2);
  });

  it('varies the sensor setup across seeds', () => {
    const specs = Array.from({ length: 40 }, (_, seed) => randomNightSpec(seed, { hours: 1 }));
    const fs = new Set(specs.map((s) => s.devices[0].emgFsHz));
    const frames = new Set(specs.map((s) => s.devices[0].frameSamples / s.devices[0].emgFsHz));
    expect(fs.size).toBeGreaterThanOrEqual(3);
    expect(frames.size).toBeGreaterThanOrEqual(4);
    expect(specs.some((s) => s.devices.length === 2)).toBe(true);
    expect(specs.some((s) => s.devices[0].foot)).toBe(true);
    expect(specs.some((s) => !s.devices[0].foot)).toBe(true);
    expect(specs.some((s) => s.devices[0].channels.includes('soleus'))).toBe(true);
  });
});
