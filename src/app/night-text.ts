// A night in plain words, for the terminal: what a wearer reads in the morning.
import type { DoctorFlag, NightSummary } from '../causes/index.ts';
import type { Episode, Posture } from '../core/types.ts';
import { nightDateOf } from './night-date.ts';
import { diaryWords } from '../diary/words.ts';

const POSTURE_WORDS: Record<Posture, string> = {
  supine: 'on your back',
  prone: 'on your stomach',
  left_side: 'on your left side',
  right_side: 'on your right side',
  upright: 'up (sitting or standing)',
  unknown: 'unknown',
};

const CAUSE_WORDS: Record<string, string> = {
  muscle_fatigue: 'tired muscles',
  dehydration_electrolytes: 'too little fluid or salts',
  poor_circulation: 'poor circulation',
  nerve_compression: 'a pinched nerve or back problem',
  medication: 'a medicine',
  health_condition: 'a health condition',
  sleeping_position: 'sleeping position',
};

function clock(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function formatNight(summary: NightSummary, episodes: readonly Episode[], flag: Pick<DoctorFlag, 'flag' | 'reasons'> | undefined, timeZone = 'UTC'): string {
  const lines: string[] = [];
  const who = summary.wearer ? `${summary.wearer} (${summary.device})` : summary.device;
  lines.push(`Night of ${nightDateOf(summary.fromMs, timeZone)} — ${who}, ${(summary.recordedMs / 3_600_000).toFixed(1)} h recorded`);
  if (summary.cramps === 0) {
    lines.push('  No cramps. Quiet night.');
  } else {
    lines.push(`  ${summary.cramps} cramp${summary.cramps === 1 ? '' : 's'}, ${duration(summary.totalCrampS)} in all, the longest ${duration(summary.longestCrampS)}, the worst ${summary.worstSeverity}.`);
    for (const e of [...episodes].sort((a, b) => a.start - b.start)) {
      const causes = e.causes.filter((c) => c.confidence >= 0.5);
      lines.push(`  • ${clock(e.start, timeZone)}  ${e.muscle.replace('_', ' ')}, ${duration(e.duration_s ?? 0)}, ${e.severity}; you were ${POSTURE_WORDS[e.posture_before]}`);
      for (const c of causes) lines.push(`      possible cause: ${CAUSE_WORDS[c.cause] ?? c.cause} — ${c.evidence.join('; ')}`);
    }
  }
  const postures = (Object.entries(summary.postureMs) as [Posture, number][]).filter(([, ms]) => ms >= 60_000).sort((a, b) => b[1] - a[1]);
  if (postures.length) lines.push(`  Time asleep: ${postures.map(([p, ms]) => `${Math.round(ms / 60_000)} min ${POSTURE_WORDS[p]}`).join(', ')}.`);
  if (summary.diary) lines.push(`  Your diary: ${diaryWords(summary.diary, summary, (ms) => clock(ms, timeZone))}`);
  lines.push(`  Leg movements: ${summary.limbMovements} (${summary.periodicLimbMovements} periodic; ${summary.plmIndexPerHour.toFixed(1)} an hour).`);
  if (summary.advice.length) {
    lines.push('  What may help:');
    for (const advice of summary.advice) lines.push(`    – ${advice}`);
  }
  if (flag?.flag) {
    lines.push('  See a doctor:');
    for (const reason of flag.reasons) lines.push(`    ! ${reason}`);
  }
  return lines.join('\n');
}
