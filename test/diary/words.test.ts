// The diary beside the sensor in words, for every shape a night's agreement can take.
import { describe, expect, it } from 'vitest';
import type { DiaryCounts } from '../../src/diary/types.ts';
import { diaryWords } from '../../src/diary/words.ts';

const FROM_MS = Date.parse('2026-11-26T22:00:00Z');
const night = { fromMs: FROM_MS, toMs: FROM_MS + 8 * 3_600_000 };
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const at = (hhmmUtc: string, day = '27') => Date.parse(`2026-11-${day}T${hhmmUtc}:00Z`);
const counts = (noted: number, found: number, unfelt: number, missedAt: number[] = []): DiaryCounts => ({ noted, found, missed: noted - found, unfelt, missedAt });

describe('diaryWords', () => {
  it.each([
    ['none either way', counts(0, 0, 0), 'You noted none and the sensor found none.'],
    ['none noted, one found', counts(0, 0, 1), 'You noted none; the sensor found one you may have slept through.'],
    ['none noted, three found', counts(0, 0, 3), 'You noted none; the sensor found three you may have slept through.'],
    ['one noted and found', counts(1, 1, 0), 'You noted 1 cramp; the sensor found it.'],
    ['two noted, both found, one more', counts(2, 2, 1), 'You noted 2 cramps; the sensor found both, and one more you may have slept through.'],
    ['four noted, all found, two more', counts(4, 4, 2), 'You noted 4 cramps; the sensor found all 4, and two more you may have slept through.'],
    [
      'three noted, two found, one missed while recording',
      counts(3, 2, 0, [at('03:10')]),
      'You noted 3 cramps; the sensor found two of them. The sensor did not find the cramp you noted at 03:10 — it may have been in the other leg, in a muscle without an electrode, or too brief to tell from a movement.',
    ],
    [
      'one noted after the sensor came off',
      counts(1, 0, 0, [at('07:40')]),
      'You noted 1 cramp. The sensor did not find the cramp you noted at 07:40 — it was not recording then.',
    ],
    [
      'two missed, one found elsewhere',
      counts(2, 0, 1, [at('01:00'), at('02:30')]),
      'You noted 2 cramps. The sensor did not find the cramps you noted at 01:00 and 02:30 — they may have been in the other leg, in a muscle without an electrode, or too brief to tell from a movement. It found one other you may have slept through.',
    ],
    [
      'one noted a few minutes before the sensor was put on: a guess, maybe inside',
      counts(1, 0, 0, [FROM_MS - 5 * 60_000]),
      'You noted 1 cramp. The sensor did not find the cramp you noted at 21:55 — it may have been in the other leg, in a muscle without an electrode, or too brief to tell from a movement.',
    ],
  ])('%s', (_, diary, words) => {
    expect(diaryWords(diary, night, hhmm)).toBe(words);
  });
});
