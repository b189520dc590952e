// Sanity checks on real recordings (/work/shared/data, see its README): signals no simulator
// made. None is a cramp. Skipped, with a message, where the folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Episode, LimbMovement, Muscle, SampleFrame, SignalPoint } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';

const DATA = '/work/shared/data';
const present = existsSync(DATA);
if (!present) console.warn(`real-data tests skipped: ${DATA} is absent`);

/** One numeric column after the `#` comments and the header line. */
function column(file: string): Float32Array {
  const values: number[] = [];
  for (const line of readFileSync(`${DATA}/${file}`, 'utf8').split('\n')) {
    const v = Number(line.trim());
    if (line.trim() !== '' && !line.startsWith('#') && Number.isFinite(v)) values.push(v);
  }
  return Float32Array.from(values);
}

/** Tab-separated UCI rows: the first `count` columns, mV → µV. */
function uciColumns(file: string, count: number): Float32Array[] {
  const rows = readFileSync(`${DATA}/uci-lower-limb/${file}`, 'utf8').split('\n').map((l) => l.trim().split('\t').map(Number)).filter((r) => r.length >= count && r.slice(0, count).every(Number.isFinite));
  return Array.from({ length: count }, (_, c) => Float32Array.from(rows, (r) => r[c] * 1000));
}

function run(channels: Muscle[], data: Float32Array[], fsHz: number) {
  const episodes: Episode[] = [];
  const signals: SignalPoint[] = [];
  const movements: LimbMovement[] = [];
  const core = createDeviceCore('real', { episode: (e) => episodes.push(e), signal: (p) => signals.push(p), limbMovement: (m) => movements.push(m) });
  const frame = fsHz / 10;
  const t0 = 1_764_201_600_000;
  for (let i = 0, seq = 0; i + frame <= data[0].length; i += frame, seq++) {
    const f: SampleFrame = { device: 'real', seq, tMs: t0 + (i * 1000) / fsHz, emgFsHz: fsHz, channels, emgUv: data.map((d) => d.slice(i, i + frame)) };
    core.pushFrame(f);
  }
  core.finish();
  return { episodes, signals, movements, stats: core.nightStats() };
}

/** BITalino EMG sensor: µV = (ADC/4096 − 1/2)·3.3 V / 1009 (gain), about 0.8 µV per count. */
const BITALINO_UV_PER_COUNT = (3.3 / 4096 / 1009) * 1e6;
const counts = (x: Float32Array) => x.map((v) => (v - 2048) * BITALINO_UV_PER_COUNT);

describe.skipIf(!present)('real recordings', () => {
  it('real rest is quiet: no cramp, a low steady envelope', () => {
    const { episodes, signals } = run(['gastrocnemius'], [counts(column('surface-emg-rest-1000hz.csv'))], 1000);
    expect(episodes).toHaveLength(0);
    const env = signals.map((p) => p.envelopeUv.gastrocnemius!).sort((a, b) => a - b);
    expect(env[env.length >> 1]).toBeLessThan(5);
  });

  it('real voluntary bursts are seen, and are not cramps', () => {
    const { episodes, signals } = run(['gastrocnemius'], [counts(column('surface-emg-bursts-1000hz.csv'))], 1000);
    expect(episodes).toHaveLength(0);
    const env = signals.map((p) => p.envelopeUv.gastrocnemius!);
    const sorted = [...env].sort((a, b) => a - b);
    // the strongest second stands well above the typical one: the contractions were seen
    expect(sorted.at(-1)! / sorted[sorted.length >> 1]).toBeGreaterThan(5);
  });

  it('real tibialis anterior dorsiflexions (1.2–2.6 s each) are counted as limb movements, not cramps', () => {
    const raw = column('tibialis-dorsiflexions-250hz.csv');
    // 250 Hz is below the protocol's 500 Hz floor: upsample ×2 by linear interpolation
    const up = new Float32Array(raw.length * 2);
    for (let i = 0; i < raw.length; i++) {
      up[2 * i] = raw[i];
      up[2 * i + 1] = i + 1 < raw.length ? (raw[i] + raw[i + 1]) / 2 : raw[i];
    }
    // uncalibrated units, rest ≈ 90 and dorsiflexions ≈ 500 RMS: read them as 0.1 µV a unit,
    // so rest is ~9 µV (before the 20 Hz high-pass) and the movements ~50 µV
    const scale = 0.1;
    const { episodes, stats } = run(['tibialis_anterior'], [up.map((v) => v * scale)], 500);
    expect(episodes).toHaveLength(0);
    expect(stats.limbMovements).toBeGreaterThanOrEqual(45);
    expect(stats.limbMovements).toBeLessThanOrEqual(60);
  });

  for (const file of ['5Nmar.txt', '3Amar.txt']) {
    it(`real walking (${file}, thigh muscles) is not a cramp`, () => {
      const [rf, bf, vm, st] = uciColumns(file, 4);
      const { episodes } = run(['quadriceps', 'hamstrings', 'soleus', 'gastrocnemius'], [rf, bf, vm, st], 1000);
      expect(episodes).toHaveLength(0);
    });
  }
});
