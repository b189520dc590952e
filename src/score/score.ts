// PROTOCOL §8 scoring: detected cramps against the truth of a night, then over many nights.
// Matching: same device, overlapping intervals, each true cramp with at most one detection and
// each detection with at most one true cramp. Pairs are taken greedily by largest overlap, ties
// broken by earlier true start then earlier detected start, so the result is deterministic.
import type { Episode } from '../core/types.ts';

export interface TruthEpisode {
  device: string;
  kind: string;
  muscle?: string;
  start: number;
  end: number;
  causes?: string[];
}

export interface Truth {
  v: 1;
  episodes: TruthEpisode[];
}

export interface MatchedPair {
  device: string;
  trueStart: number;
  trueEnd: number;
  start: number;
  end: number;
  detectedAt: number;
  /** detected start − true start, s */
  onsetErrorS: number;
  /** |detected duration − true duration| / true duration */
  durationErrorRel: number;
  /** detected_at − true start, s */
  latencyS: number;
  causeTruePositives: number;
  causeFalsePositives: number;
  causeFalseNegatives: number;
}

export interface NightScore {
  trueCramps: number;
  detected: number;
  matched: MatchedPair[];
  /** true cramps nothing matched */
  missed: TruthEpisode[];
  /** detections that matched no true cramp */
  falseDetections: { device: string; start: number; end: number; muscle: string }[];
  recordedMs: number;
}

export interface Scores {
  nights: number;
  trueCramps: number;
  detected: number;
  matched: number;
  falsePositives: number;
  recordedHours: number;
  sensitivity: number;
  precision: number;
  falsePer8h: number;
  onsetErrorMedianS: number;
  durationErrorMedianRel: number;
  latencyMedianS: number;
  causePrecision: number;
  causeRecall: number;
}

/** The bar of issue 3. */
export const BAR = {
  sensitivity: 0.95,
  precision: 0.95,
  falsePer8h: 0.5,
  onsetErrorMedianS: 1,
  durationErrorMedianRel: 0.15,
  latencyMedianS: 5,
} as const;

const TAGGED = 0.5;

export function scoreNight(detected: Episode[], truth: Truth, recordedMs: number): NightScore {
  const episodes = closedEpisodes(detected);
  const cramps = truth.episodes.filter((e) => e.kind === 'cramp');
  const pairs: { t: number; d: number; overlap: number }[] = [];
  cramps.forEach((t, ti) => {
    episodes.forEach((d, di) => {
      if (d.device !== t.device) return;
      const end = d.end ?? d.start;
      const overlap = Math.min(end, t.end) - Math.max(d.start, t.start);
      // touching counts for zero-length detections; strictly apart does not
      if (overlap >= 0 && (overlap > 0 || end === d.start)) pairs.push({ t: ti, d: di, overlap });
    });
  });
  pairs.sort((a, b) => b.overlap - a.overlap || cramps[a.t].start - cramps[b.t].start || episodes[a.d].start - episodes[b.d].start);
  const truthUsed = new Set<number>();
  const detUsed = new Set<number>();
  const matched: MatchedPair[] = [];
  for (const p of pairs) {
    if (truthUsed.has(p.t) || detUsed.has(p.d)) continue;
    truthUsed.add(p.t);
    detUsed.add(p.d);
    matched.push(pairOf(cramps[p.t], episodes[p.d]));
  }
  matched.sort((a, b) => a.trueStart - b.trueStart);
  return {
    trueCramps: cramps.length,
    detected: episodes.length,
    matched,
    missed: cramps.filter((_, i) => !truthUsed.has(i)),
    falseDetections: episodes.filter((_, i) => !detUsed.has(i)).map((e) => ({ device: e.device, start: e.start, end: e.end ?? e.start, muscle: e.muscle })),
    recordedMs,
  };
}

/** One entry per episode id: its last event (close when there is one). */
function closedEpisodes(detected: Episode[]): Episode[] {
  const byId = new Map<string, Episode>();
  for (const e of detected) {
    const seen = byId.get(e.id);
    if (!seen || seen.event !== 'close') byId.set(e.id, e);
  }
  return [...byId.values()];
}

function pairOf(t: TruthEpisode, d: Episode): MatchedPair {
  const end = d.end ?? d.start;
  const trueDuration = Math.max(1, t.end - t.start);
  const truthCauses = new Set(t.causes ?? []);
  const tagged = new Set(d.causes.filter((c) => c.confidence >= TAGGED).map((c) => c.cause as string));
  let tp = 0;
  for (const c of tagged) if (truthCauses.has(c)) tp++;
  return {
    device: d.device,
    trueStart: t.start,
    trueEnd: t.end,
    start: d.start,
    end,
    detectedAt: d.detected_at,
    onsetErrorS: (d.start - t.start) / 1000,
    durationErrorRel: Math.abs(end - d.start - (t.end - t.start)) / trueDuration,
    latencyS: (d.detected_at - t.start) / 1000,
    causeTruePositives: tp,
    causeFalsePositives: tagged.size - tp,
    causeFalseNegatives: truthCauses.size - tp,
  };
}

export function aggregateScores(nights: NightScore[]): Scores {
  let trueCramps = 0, detected = 0, falsePositives = 0, recordedMs = 0, tp = 0, fp = 0, fn = 0;
  const onset: number[] = [];
  const duration: number[] = [];
  const latency: number[] = [];
  for (const n of nights) {
    trueCramps += n.trueCramps;
    detected += n.detected;
    falsePositives += n.falseDetections.length;
    recordedMs += n.recordedMs;
    for (const p of n.matched) {
      onset.push(Math.abs(p.onsetErrorS));
      duration.push(p.durationErrorRel);
      latency.push(p.latencyS);
      tp += p.causeTruePositives;
      fp += p.causeFalsePositives;
      fn += p.causeFalseNegatives;
    }
  }
  const matched = onset.length;
  const recordedHours = recordedMs / 3_600_000;
  return {
    nights: nights.length,
    trueCramps,
    detected,
    matched,
    falsePositives,
    recordedHours,
    sensitivity: trueCramps > 0 ? matched / trueCramps : NaN,
    precision: detected > 0 ? matched / detected : NaN,
    falsePer8h: recordedHours > 0 ? (falsePositives / recordedHours) * 8 : NaN,
    onsetErrorMedianS: median(onset),
    durationErrorMedianRel: median(duration),
    latencyMedianS: median(latency),
    causePrecision: tp + fp > 0 ? tp / (tp + fp) : NaN,
    causeRecall: tp + fn > 0 ? tp / (tp + fn) : NaN,
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function formatScores(s: Scores): string {
  const rows: [string, string, string, string][] = [
    ['sensitivity', pct(s.sensitivity), `≥ ${pct(BAR.sensitivity)}`, verdict(s.sensitivity >= BAR.sensitivity, s.sensitivity)],
    ['precision', pct(s.precision), `≥ ${pct(BAR.precision)}`, verdict(s.precision >= BAR.precision, s.precision)],
    ['false cramps per 8 h', num(s.falsePer8h, 2), `≤ ${BAR.falsePer8h}`, verdict(s.falsePer8h <= BAR.falsePer8h, s.falsePer8h)],
    ['median |onset error|', `${num(s.onsetErrorMedianS, 2)} s`, `≤ ${BAR.onsetErrorMedianS} s`, verdict(s.onsetErrorMedianS <= BAR.onsetErrorMedianS, s.onsetErrorMedianS)],
    ['median duration error', pct(s.durationErrorMedianRel), `≤ ${pct(BAR.durationErrorMedianRel)}`, verdict(s.durationErrorMedianRel <= BAR.durationErrorMedianRel, s.durationErrorMedianRel)],
    ['median detection latency', `${num(s.latencyMedianS, 2)} s`, `≤ ${BAR.latencyMedianS} s`, verdict(s.latencyMedianS <= BAR.latencyMedianS, s.latencyMedianS)],
    ['cause precision', pct(s.causePrecision), '', ''],
    ['cause recall', pct(s.causeRecall), '', ''],
  ];
  const header = `cramps ${s.trueCramps}, detected ${s.detected}, matched ${s.matched}, false ${s.falsePositives}, recorded ${num(s.recordedHours, 1)} h over ${s.nights} night(s)`;
  const lines = rows.map(([name, value, bar, ok]) => `${name.padEnd(26)} ${value.padStart(9)}  ${bar.padEnd(8)} ${ok}`);
  return [header, ...lines].join('\n');
}

function verdict(pass: boolean, value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return pass ? 'pass' : 'FAIL';
}

function pct(x: number): string {
  return Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

function num(x: number, digits: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(digits);
}
