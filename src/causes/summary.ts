// One night of one device, summed up for the wearer: cramps, limb movements, postures, the
// possible causes seen and the advice that fits them.
import type { NightStats } from '../core/device-core.ts';
import {
  CAUSES,
  POSTURES,
  SEVERITIES,
  type Cause,
  type ContextLog,
  type Episode,
  type Posture,
  type Profile,
  type Severity,
} from '../core/types.ts';
import { adviceFor } from './advice.ts';
import { dayActivity, type DayActivity } from './day.ts';
import { TAGGED_CONFIDENCE } from './infer.ts';
import { diaryCountFields } from '../diary/summary-fields.ts';
import type { DiaryCounts } from '../diary/types.ts';

/**
 * A night's summary. JSON-serialisable; `nightSummaryFields` flattens it for the store.
 *
 * Stored as InfluxDB measurement `night_summary`, time = `fromMs`, tags `device` and `wearer`
 * (when set), and these fields (all flat):
 * - `from_ms`, `to_ms`, `recorded_min` (numbers)
 * - `cramps` (integer), `total_cramp_s`, `longest_cramp_s` (numbers), `severe_cramps` (integer)
 * - `worst_severity` (string `mild|moderate|severe`, absent when there were no cramps)
 * - `limb_movements`, `periodic_limb_movements` (integers), `plm_index_per_hour` (number)
 * - `posture_<supine|prone|left_side|right_side|upright|unknown>_min` (numbers)
 * - `cause_<cause>` (integer: cramps tagged with that cause, one field per cause, 0 included)
 * - `causes_seen` (string: JSON of `causesSeen`), `advice` (string: the sentences, one per line)
 * - from the day's context, when there was one: `water_l`, `caffeine_mg`, `alcohol_units`,
 *   `exercise_min`, `standing_h`, `sitting_h` (numbers), `exercise_intensity`, `sweating`
 *   (strings), `stretched_before_bed`, `took_magnesium` (booleans)
 * - once the wearer's diary came: `diary_noted`, `diary_found`, `diary_missed`, `diary_unfelt`
 *   (numbers), `diary_missed_at` (string: JSON of epoch ms)
 */
export interface NightSummary {
  v: 1;
  device: string;
  wearer?: string;
  fromMs: number;
  toMs: number;
  recordedMs: number;
  cramps: number;
  totalCrampS: number;
  longestCrampS: number;
  /** absent when there were no cramps */
  worstSeverity?: Severity;
  severeCramps: number;
  limbMovements: number;
  periodicLimbMovements: number;
  /** periodic limb movements per hour of recording (WASM 2016 PLM index) */
  plmIndexPerHour: number;
  postureMs: Record<Posture, number>;
  /** causes tagged (confidence ≥ 0.5) on this night's cramps, most frequent first */
  causesSeen: { cause: Cause; count: number }[];
  /** prevention advice that fits the causes seen, plain sentences */
  advice: string[];
  /** the day before, from the context log, for the doctor flag and later nights' cause rules */
  day?: DayActivity;
  /** how the wearer's diary and the sensor agree (src/diary), once a diary for the night came */
  diary?: DiaryCounts;
}

export interface NightInput {
  device: string;
  wearer?: string;
  /** closed episodes of this night */
  episodes: readonly Episode[];
  stats: NightStats;
  profile?: Profile;
  context?: ContextLog;
}

export function summarizeNight(input: NightInput): NightSummary {
  const { device, stats, profile, context } = input;
  const episodes = lastEventPerCramp(input.episodes);
  let totalCrampS = 0;
  let longestCrampS = 0;
  let worst = -1;
  let severeCramps = 0;
  const causeCounts = new Map<Cause, number>();
  for (const e of episodes) {
    const durationS = episodeDurationS(e);
    totalCrampS += durationS;
    longestCrampS = Math.max(longestCrampS, durationS);
    worst = Math.max(worst, SEVERITIES.indexOf(e.severity));
    if (e.severity === 'severe') severeCramps++;
    const tagged = new Set<Cause>();
    for (const c of e.causes ?? []) if (c.confidence >= TAGGED_CONFIDENCE) tagged.add(c.cause);
    for (const cause of tagged) causeCounts.set(cause, (causeCounts.get(cause) ?? 0) + 1);
  }
  const causesSeen = CAUSES.filter((c) => causeCounts.has(c))
    .map((cause) => ({ cause, count: causeCounts.get(cause) ?? 0 }))
    .sort((a, b) => b.count - a.count);
  const postureMs = {} as Record<Posture, number>;
  for (const p of POSTURES) postureMs[p] = stats.postureMs?.[p] ?? 0;
  const summary: NightSummary = {
    v: 1,
    device,
    fromMs: stats.fromMs,
    toMs: stats.toMs,
    recordedMs: stats.recordedMs,
    cramps: episodes.length,
    totalCrampS: round1(totalCrampS),
    longestCrampS: round1(longestCrampS),
    severeCramps,
    limbMovements: stats.limbMovements,
    periodicLimbMovements: stats.periodicLimbMovements,
    plmIndexPerHour: round1(stats.plmIndexPerHour),
    postureMs,
    causesSeen,
    advice: adviceFor(
      causesSeen.map((c) => c.cause),
      episodes.length > 0,
    ),
  };
  const wearer = input.wearer ?? profile?.wearer;
  if (wearer !== undefined) summary.wearer = wearer;
  if (worst >= 0) summary.worstSeverity = SEVERITIES[worst];
  if (context) summary.day = dayActivity(context);
  return summary;
}

/** The flat fields of the `night_summary` measurement (see NightSummary). */
export function nightSummaryFields(s: NightSummary): Record<string, number | string | boolean> {
  const fields: Record<string, number | string | boolean> = {
    from_ms: s.fromMs,
    to_ms: s.toMs,
    recorded_min: round1(s.recordedMs / 60_000),
    cramps: s.cramps,
    total_cramp_s: s.totalCrampS,
    longest_cramp_s: s.longestCrampS,
    severe_cramps: s.severeCramps,
    limb_movements: s.limbMovements,
    periodic_limb_movements: s.periodicLimbMovements,
    plm_index_per_hour: s.plmIndexPerHour,
    causes_seen: JSON.stringify(s.causesSeen),
    advice: s.advice.join('\n'),
  };
  if (s.worstSeverity) fields.worst_severity = s.worstSeverity;
  for (const p of POSTURES) fields[`posture_${p}_min`] = round1((s.postureMs[p] ?? 0) / 60_000);
  for (const c of CAUSES) fields[`cause_${c}`] = s.causesSeen.find((x) => x.cause === c)?.count ?? 0;
  const d = s.day;
  if (d) {
    const put = (name: string, value: number | string | boolean | undefined) => {
      if (value !== undefined) fields[name] = value;
    };
    put('water_l', d.waterL);
    put('caffeine_mg', d.caffeineMg);
    put('alcohol_units', d.alcoholUnits);
    put('exercise_min', d.exerciseMin);
    put('exercise_intensity', d.exerciseIntensity);
    put('standing_h', d.standingH);
    put('sitting_h', d.sittingH);
    put('sweating', d.sweating);
    put('stretched_before_bed', d.stretchedBeforeBed);
    put('took_magnesium', d.tookMagnesium);
  }
  if (s.diary) Object.assign(fields, diaryCountFields(s.diary));
  return fields;
}

/** The tags of the `night_summary` measurement. */
export function nightSummaryTags(s: NightSummary): Record<string, string> {
  return s.wearer !== undefined ? { device: s.device, wearer: s.wearer } : { device: s.device };
}

/** A cramp's length, s: its own `duration_s`, else end − start. */
export function episodeDurationS(e: Episode): number {
  if (typeof e.duration_s === 'number' && Number.isFinite(e.duration_s)) return Math.max(0, e.duration_s);
  if (typeof e.end === 'number' && Number.isFinite(e.end)) return Math.max(0, (e.end - e.start) / 1000);
  return 0;
}

/** One episode per cramp id, the last event seen (a caller may pass open/update events too). */
function lastEventPerCramp(episodes: readonly Episode[]): Episode[] {
  const byId = new Map<string, Episode>();
  for (const e of episodes) byId.set(e.id, e);
  return [...byId.values()];
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
