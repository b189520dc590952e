// A night in plain words, for the terminal: what a wearer reads in the morning.
import type { DoctorFlag, NightSummary } from '../causes/index.ts';
import type { Cause, Episode, Posture } from '../core/types.ts';
import { diaryWords } from '../diary/words.ts';
import { ZonedClock } from '../report/time-zone.ts';
import { CAUSE_WORDS, durationWords, MUSCLE_WORDS, POSTURE_WORDS } from '../report/words.ts';
import { nightDateOf } from './night-date.ts';

/** Cause names as the morning report prints them, mid-sentence here ("possible cause: tired muscles"). */
function causeWords(cause: string): string {
  const words = CAUSE_WORDS[cause as Cause];
  return words ? words[0].toLowerCase() + words.slice(1) : cause;
}

export function formatNight(summary: NightSummary, episodes: readonly Episode[], flag: Pick<DoctorFlag, 'flag' | 'reasons'> | undefined, timeZone = 'UTC'): string {
  const lines: string[] = [];
  const clock = new ZonedClock(timeZone);
  const who = summary.wearer ? `${summary.wearer} (${summary.device})` : summary.device;
  lines.push(`Night of ${nightDateOf(summary.fromMs, timeZone)} — ${who}, ${(summary.recordedMs / 3_600_000).toFixed(1)} h recorded`);
  if (summary.cramps === 0) {
    lines.push('  No cramps. Quiet night.');
  } else {
    lines.push(`  ${summary.cramps} cramp${summary.cramps === 1 ? '' : 's'}, ${durationWords(summary.totalCrampS)} in all, the longest ${durationWords(summary.longestCrampS)}, the worst ${summary.worstSeverity}.`);
    for (const e of [...episodes].sort((a, b) => a.start - b.start)) {
      const causes = e.causes.filter((c) => c.confidence >= 0.5);
      lines.push(`  • ${clock.hhmm(e.start)}  ${MUSCLE_WORDS[e.muscle] ?? e.muscle}, ${durationWords(e.duration_s ?? 0)}, ${e.severity}; you were ${POSTURE_WORDS[e.posture_before]}`);
      for (const c of causes) lines.push(`      possible cause: ${causeWords(c.cause)} — ${c.evidence.join('; ')}`);
    }
  }
  const postures = (Object.entries(summary.postureMs) as [Posture, number][]).filter(([, ms]) => ms >= 60_000).sort((a, b) => b[1] - a[1]);
  if (postures.length) lines.push(`  Time asleep: ${postures.map(([p, ms]) => `${Math.round(ms / 60_000)} min ${POSTURE_WORDS[p]}`).join(', ')}.`);
  if (summary.diary) lines.push(`  Your diary: ${diaryWords(summary.diary, summary, (ms) => clock.hhmm(ms))}`);
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
