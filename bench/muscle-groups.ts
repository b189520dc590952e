// Scores per muscle group (calf, thigh, foot): each group's true cramps against the detections
// that name one of its muscles, over the recording time of the sensors that carry its leads.
// A cramp found but named in the wrong group counts as missed in its own and false in the other.
import type { NightStats } from '../src/core/device-core.ts';
import type { Episode, Muscle } from '../src/core/types.ts';
import { aggregateScores, scoreNight, type NightScore, type Scores, type Truth } from '../src/score/score.ts';

export const GROUPS = { calf: ['gastrocnemius', 'soleus'], thigh: ['hamstrings', 'quadriceps'], foot: ['foot_intrinsic'] } as const;
export type GroupName = keyof typeof GROUPS;

export function nightScoresByGroup(episodes: Episode[], truth: Truth, stats: NightStats[], channelsOf: (device: string) => readonly Muscle[]): Map<GroupName, NightScore> {
  const out = new Map<GroupName, NightScore>();
  for (const group of Object.keys(GROUPS) as GroupName[]) {
    const muscles: readonly string[] = GROUPS[group];
    const worn = stats.filter((s) => channelsOf(s.device).some((m) => muscles.includes(m)));
    if (worn.length === 0) continue;
    const recordedMs = worn.reduce((sum, s) => sum + s.recordedMs, 0);
    const groupTruth: Truth = { v: 1, episodes: truth.episodes.filter((e) => e.kind === 'cramp' && e.muscle !== undefined && muscles.includes(e.muscle)) };
    out.set(group, scoreNight(episodes.filter((e) => muscles.includes(e.muscle)), groupTruth, recordedMs));
  }
  return out;
}

export function formatGroupTable(byGroup: Map<GroupName, NightScore[]>): string {
  const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)} %`);
  const rows = [['group', 'cramps', 'sensitivity', 'precision', 'false/8 h', 'onset med', 'duration med', 'latency med', 'cause P / R', 'sensor-hours']];
  for (const [group, nights] of byGroup) {
    const s: Scores = aggregateScores(nights);
    rows.push([
      group,
      String(s.trueCramps),
      `${pct(s.sensitivity)} (${s.matched}/${s.trueCramps})`,
      `${pct(s.precision)} (${s.falsePositives} false)`,
      s.falsePer8h.toFixed(2),
      Number.isNaN(s.onsetErrorMedianS) ? '–' : `${s.onsetErrorMedianS.toFixed(2)} s`,
      pct(s.durationErrorMedianRel),
      Number.isNaN(s.latencyMedianS) ? '–' : `${s.latencyMedianS.toFixed(2)} s`,
      `${pct(s.causePrecision)} / ${pct(s.causeRecall)}`,
      s.recordedHours.toFixed(1),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
}
