// edfToCapture on small files: the clock (time zone, sub-second start), EDF+D order, and which
// annotations become truth for which leg.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdfError } from '../../../src/adapters/edf/errors.ts';
import { openEdf } from '../../../src/adapters/edf/records.ts';
import { edfToCapture, type ImportOptions } from '../../../src/adapters/edf/to-capture.ts';
import { emgSignal, writeEdf, type EdfSpec } from './edf-writer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-edf-capture-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = (seconds: number) => new Float32Array(200 * seconds);
const twoLegs = (records: number): EdfSpec => ({
  variant: 'EDF+C',
  startDate: '26.11.26',
  startTime: '23.10.00',
  recordDurationS: 1,
  records,
  signals: [emgSignal('LAT', 200, 1, quiet(records)), emgSignal('RAT', 200, 1, quiet(records))],
});

async function convert(spec: EdfSpec, options: Partial<ImportOptions> = {}) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.edf`);
  await writeFile(path, writeEdf(spec));
  const edf = await openEdf(path);
  const lines: { rx: number; topic: string; json: { t?: number; seq?: number } }[] = [];
  try {
    const summary = await edfToCapture(edf, { write: (line) => lines.push(line as never) > 0, drained: async () => {} }, { base: 'n', map: new Map(), ...options });
    return { summary, lines, frames: lines.filter((l) => l.topic.endsWith('/frames')) };
  } finally {
    await edf.close();
  }
}

describe('edfToCapture', () => {
  it('reads the recording clock in the time zone it was given', async () => {
    const { frames, summary } = await convert(twoLegs(2), { timeZone: 'Europe/Berlin' });
    expect(frames[0].json.t).toBe(Date.UTC(2026, 10, 26, 22, 10, 0));
    expect(summary.notes.join('\n')).not.toMatch(/read as UTC/);
  });

  it('starts at the first time-keeping TAL when it is sub-second (EDF+C)', async () => {
    const { frames } = await convert({ ...twoLegs(3), recordOnsetsS: [0.25, 1.25, 2.25] });
    expect(frames[0].json.t).toBe(Date.UTC(2026, 10, 26, 23, 10, 0) + 250);
    expect(frames.at(-1)!.json.t).toBe(Date.UTC(2026, 10, 26, 23, 10, 0) + 250 + 2900);
  });

  it('refuses EDF+D records that go back in time', async () => {
    await expect(convert({ ...twoLegs(3), variant: 'EDF+D', recordOnsetsS: [0, 5, 4] })).rejects.toMatchObject({ code: 'records_out_of_order' });
    await expect(convert({ ...twoLegs(3), variant: 'EDF+D', recordOnsetsS: [0, 5, 4] })).rejects.toBeInstanceOf(EdfError);
  });

  it('puts each scored event under the leg it names; unsided ones under the base, unsided cramps nowhere', async () => {
    const { summary } = await convert({
      ...twoLegs(10),
      annotations: [
        { onsetS: 1, durationS: 1, text: 'LM L' },
        { onsetS: 2, durationS: 1.5, text: 'PLMr' },
        { onsetS: 3, text: 'Leg movement' },
        { onsetS: 4, durationS: 3, text: 'Cramp right calf' },
        { onsetS: 5, durationS: 3, text: 'Cramp' },
        { onsetS: 6, text: 'Sleep stage N2' },
      ],
    });
    expect(summary.truth.map((t) => [t.device, t.kind, t.end - t.start, t.muscle])).toEqual([
      ['n-left', 'lm', 1000, undefined],
      ['n-right', 'plm', 1500, undefined],
      ['n', 'lm', 0, undefined],
      ['n-right', 'cramp', 3000, 'gastrocnemius'],
    ]);
    expect(summary.notes.join('\n')).toMatch(/cramp annotation "Cramp" at 5 s names no leg and there are two/);
    expect(summary.notes.join('\n')).toMatch(/n-right: cramps are annotated but only the tibialis anterior was recorded/);
    expect(summary.otherAnnotations).toEqual([['Sleep stage N2', 1]]);
  });

  it('gives a one-leg recording\'s unsided events to that leg, and its profile no side', async () => {
    const { summary, lines } = await convert({ ...twoLegs(3), signals: [emgSignal('Leg', 200, 1, quiet(3))], annotations: [{ onsetS: 1, text: 'Cramp' }] });
    expect(summary.truth.map((t) => [t.device, t.kind])).toEqual([['n', 'cramp']]);
    expect(lines[0]).toMatchObject({ topic: 'crampwatch/v1/n/profile', json: { v: 1 } });
    expect((lines[0].json as { leg?: string }).leg).toBeUndefined();
  });

  it('averages a 500 Hz accelerometer in m/s² into 250 Hz milli-g, and drops a 1 Hz position channel', async () => {
    const axis = (label: string, value: number, fsHz: number) => ({ label, dimension: 'm/s^2', physicalMin: -40, physicalMax: 40, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: fsHz, values: new Float32Array(fsHz * 2).fill(value) });
    const { frames, summary } = await convert({
      ...twoLegs(2),
      signals: [emgSignal('Leg L', 200, 1, quiet(2)), axis('Acc X L', 0, 500), axis('Acc Y L', 0, 500), axis('Acc Z L', -9.80665, 500), axis('Accel X R', 0, 1)],
    });
    expect(summary.notes.join('\n')).toMatch(/acc accelerometer at 500 Hz averaged in groups of 2, to 250 Hz/);
    expect(summary.notes.join('\n')).toMatch(/"Accel X R": accelerometer of the right leg, which has no EMG: skipped/);
    const acc = (frames[0].json as { acc: { fs: number; mg: number[][] } }).acc;
    expect((frames[0].json as { thigh?: unknown }).thigh).toBeUndefined();
    expect(acc.fs).toBe(250);
    expect(acc.mg).toHaveLength(25);
    expect(acc.mg[0][2]).toBeCloseTo(-1000, 0);
  });

  it('skips a signal whose label looks like a leg but whose unit says otherwise; a --map one stops the import', async () => {
    const footSwitch = { ...emgSignal('Foot L', 200, 1, quiet(2)), dimension: 'bool' };
    const { summary } = await convert({ ...twoLegs(2), signals: [emgSignal('Leg L', 200, 1, quiet(2)), footSwitch] });
    expect(summary.notes.join('\n')).toMatch(/"Foot L": looks like foot_intrinsic EMG by its label, but is in "bool": skipped/);
    await expect(convert({ ...twoLegs(2), signals: [emgSignal('Leg L', 200, 1, quiet(2)), footSwitch] }, { map: new Map([['foot l', { role: 'emg', muscle: 'foot_intrinsic', side: 'left' }]]) })).rejects.toMatchObject({ code: 'bad_signal' });
  });

  it('carries a thigh accelerometer as the frame\'s `thigh` block (PROTOCOL 1.1 §10.1)', async () => {
    const axis = (label: string, value: number) => ({ label, dimension: 'mg', physicalMin: -4000, physicalMax: 4000, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: 50, values: new Float32Array(100).fill(value) });
    const { frames } = await convert({ ...twoLegs(2), signals: [emgSignal('Leg L', 200, 1, quiet(2)), axis('Acc X thigh L', 500), axis('Acc Y thigh L', 0), axis('Acc Z thigh L', -866)] });
    const json = frames[0].json as { acc?: unknown; thigh: { fs: number; t: number; mg: number[][] } };
    expect(json.acc).toBeUndefined();
    expect(json.thigh.fs).toBe(50);
    expect(json.thigh.mg).toHaveLength(5);
    expect(json.thigh.mg[0][0]).toBeCloseTo(500, 0);
    expect(json.thigh.mg[0][2]).toBeCloseTo(-866, 0);
  });
});

