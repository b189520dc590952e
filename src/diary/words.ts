// The diary beside the sensor, in the wearer's words: for the terminal summary and the morning
// report alike ("You noted 2 cramps; the sensor found both, and one more you may have slept
// through.").
import { listWords } from '../causes/words.ts';
import type { DiaryCounts } from './types.ts';

const SMALL = ['none', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "one", "two", … "ten", then digits */
function count(n: number): string {
  return SMALL[n] ?? String(n);
}

/** "1 cramp", "2 cramps" */
function cramps(n: number): string {
  return `${n} ${n === 1 ? 'cramp' : 'cramps'}`;
}

/** How many of the noted cramps the sensor found, said the way a person would. */
function foundPhrase(found: number, noted: number): string {
  if (found === noted) return noted === 1 ? 'it' : noted === 2 ? 'both' : `all ${noted}`;
  return `${count(found)} of them`;
}

export interface NightSpan {
  /** first and last sample of the night, epoch ms */
  fromMs: number;
  toMs: number;
}

/**
 * A noted time is a guess, minutes off: one this close outside the recording may still have been
 * inside it, so only one further out is put down to the sensor not recording.
 */
const EDGE_MS = 10 * 60_000;

/**
 * One short paragraph. `hhmm` shows a time in the wearer's zone. A noted cramp outside the
 * recording cannot have been found, and the words say so rather than blame the detector.
 */
export function diaryWords(diary: DiaryCounts, night: NightSpan, hhmm: (tMs: number) => string): string {
  const { noted, found, unfelt } = diary;
  if (noted === 0) {
    if (unfelt === 0) return 'You noted none and the sensor found none.';
    return `You noted none; the sensor found ${count(unfelt)} you may have slept through.`;
  }
  const sentences: string[] = [];
  if (found > 0) {
    const more = unfelt > 0 ? `, and ${count(unfelt)} more you may have slept through` : '';
    sentences.push(`You noted ${cramps(noted)}; the sensor found ${foundPhrase(found, noted)}${more}.`);
  } else {
    sentences.push(`You noted ${cramps(noted)}.`);
  }
  const recording = (t: number) => t >= night.fromMs - EDGE_MS && t <= night.toMs + EDGE_MS;
  const inside = diary.missedAt.filter(recording);
  const outside = diary.missedAt.filter((t) => !recording(t));
  const which = (times: number[]) => `the ${times.length === 1 ? 'cramp' : 'cramps'} you noted at ${listWords(times.map(hhmm))}`;
  if (inside.length > 0) {
    sentences.push(
      `The sensor did not find ${which(inside)} — ${inside.length === 1 ? 'it' : 'they'} may have been in the other leg, in a muscle without an electrode, or too brief to tell from a movement.`,
    );
  }
  if (outside.length > 0) sentences.push(`The sensor did not find ${which(outside)} — it was not recording then.`);
  if (found === 0 && unfelt > 0) sentences.push(`It found ${count(unfelt)} other${unfelt === 1 ? '' : 's'} you may have slept through.`);
  return sentences.join(' ');
}
