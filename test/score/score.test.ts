import { describe, expect, it } from 'vitest';
import type { Episode } from '../../src/core/types.ts';
import { aggregateScores, formatScores, scoreNight, type Truth } from '../../src/score/score.ts';

const T0 = 1_764_201_600_000;
const S = 1000;

function episode(start: number, end: number, extra: Partial<Episode> = {}): Episode {
  return {
    v: 1,
    event: 'close',
    id: `leg-01-${T0 + start * S}`,
    device: 'leg-01',
    muscle: 'gastrocnemius',
    start: T0 + start * S,
    end: T0 + end * S,
    duration_s: end - start,
    detected_at: T0 + (start + 3) * S,
    peak_uv: 400,
    severity: 'moderate',
    posture_before: 'supine',
    causes: [],
    ...extra,
  };
}

function truth(...episodes: [number, number, string?, string[]?][]): Truth {
  return { v: 1, episodes: episodes.map(([start, end, kind = 'cramp', causes]) => ({ device: 'leg-01', kind, muscle: 'gastrocnemius', start: T0 + start * S, end: T0 + end * S, causes })) };
}

const HOUR = 3_600_000;

describe('scoreNight', () => {
  it('matches overlapping episodes and measures onset, duration and latency', () => {
    const night = scoreNight([episode(101, 150)], truth([100, 160]), 8 * HOUR);
    expect(night.matched).toHaveLength(1);
    const [pair] = night.matched;
    expect(pair.onsetErrorS).toBe(1);
    expect(pair.durationErrorRel).toBeCloseTo(11 / 60, 10);
    expect(pair.latencyS).toBe(4);
    const s = aggregateScores([night]);
    expect([s.sensitivity, s.precision, s.falsePositives]).toEqual([1, 1, 0]);
  });

  it('gives each true cramp at most one detection: the one overlapping most', () => {
    const night = scoreNight([episode(95, 105), episode(110, 158)], truth([100, 160]), 8 * HOUR);
    expect(night.matched).toHaveLength(1);
    expect(night.matched[0].start).toBe(T0 + 110 * S);
    expect(night.falseDetections).toHaveLength(1);
    const s = aggregateScores([night]);
    expect(s.precision).toBe(0.5);
    expect(s.falsePer8h).toBe(1);
  });

  it('gives each detection at most one true cramp (two cramps bridged into one: one is missed)', () => {
    const night = scoreNight([episode(100, 300)], truth([100, 150], [160, 300]), 8 * HOUR);
    expect(night.matched).toHaveLength(1);
    expect(night.matched[0].trueStart).toBe(T0 + 160 * S);
    expect(night.missed).toHaveLength(1);
  });

  it('ignores other devices, non-cramp truth and touching-but-apart intervals', () => {
    const other = episode(100, 150, { device: 'leg-02' });
    const night = scoreNight([other, episode(160, 170)], truth([100, 160], [160, 170, 'plm']), 4 * HOUR);
    expect(night.trueCramps).toBe(1);
    expect(night.matched).toHaveLength(0);
    expect(night.falseDetections).toHaveLength(2);
    expect(aggregateScores([night]).falsePer8h).toBe(4);
  });

  it('keeps the close of an episode that also sent open and update events', () => {
    const open = { ...episode(100, 100), event: 'open' as const, end: undefined };
    const night = scoreNight([open, { ...episode(100, 120), event: 'update' }, episode(100, 150)], truth([100, 150]), HOUR);
    expect(night.detected).toBe(1);
    expect(night.matched[0].durationErrorRel).toBe(0);
  });

  it('scores cause tags with confidence ≥ 0.5 as precision and recall', () => {
    const causes = [
      { cause: 'medication' as const, confidence: 0.8, evidence: [] },
      { cause: 'sleeping_position' as const, confidence: 0.6, evidence: [] },
      { cause: 'muscle_fatigue' as const, confidence: 0.3, evidence: [] },
    ];
    const night = scoreNight([episode(100, 150, { causes })], truth([100, 150, 'cramp', ['medication', 'muscle_fatigue']]), HOUR);
    const s = aggregateScores([night]);
    expect(s.causePrecision).toBe(0.5);
    expect(s.causeRecall).toBe(0.5);
  });

  it('is deterministic whatever the order of detections', () => {
    const a = scoreNight([episode(95, 130), episode(130, 165)], truth([100, 160]), HOUR);
    const b = scoreNight([episode(130, 165), episode(95, 130)], truth([100, 160]), HOUR);
    expect(a.matched[0].start).toBe(b.matched[0].start);
    expect(a.matched[0].start).toBe(T0 + 95 * S);
  });
});

describe('aggregateScores and formatScores', () => {
  it('pools nights: medians over all matched pairs, false positives per 8 h of recording', () => {
    const n1 = scoreNight([episode(100, 160), episode(500, 520)], truth([100, 160]), 8 * HOUR);
    const n2 = scoreNight([episode(102, 160)], truth([100, 160], [300, 400]), 8 * HOUR);
    const s = aggregateScores([n1, n2]);
    expect(s.trueCramps).toBe(3);
    expect(s.matched).toBe(2);
    expect(s.sensitivity).toBeCloseTo(2 / 3, 10);
    expect(s.precision).toBeCloseTo(2 / 3, 10);
    expect(s.falsePer8h).toBe(0.5);
    expect(s.onsetErrorMedianS).toBe(1);
    const table = formatScores(s);
    expect(table).toMatch(/sensitivity\s+66\.7%\s+≥ 95\.0%\s+FAIL/);
    expect(table).toMatch(/false cramps per 8 h\s+0\.50\s+≤ 0\.5\s+pass/);
  });

  it('says n/a, not pass, when there is nothing to measure', () => {
    const s = aggregateScores([scoreNight([], truth(), HOUR)]);
    expect(s.sensitivity).toBeNaN();
    expect(formatScores(s)).toMatch(/sensitivity\s+–\s+≥ 95\.0%\s+n\/a/);
  });
});
