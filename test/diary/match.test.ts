// Matching the wearer's diary with the detected cramps: hand-made nights with known answers,
// and the identities that hold for every night.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUSCLES, type Muscle } from '../../src/core/types.ts';
import { DIARY_TOLERANCE_MS, diaryCounts, matchDiary, type DetectedCramp } from '../../src/diary/match.ts';
import { DIARY_MUSCLES, type DiaryCramp } from '../../src/diary/types.ts';

const T0 = Date.parse('2026-11-26T23:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const cramp = (id: string, startMin: number, muscle: Muscle = 'gastrocnemius', lengthS = 60): DetectedCramp => ({ id, muscle, start: min(startMin), end: min(startMin) + lengthS * 1000 });
const noted = (atMin: number, muscle?: DiaryCramp['muscle']): DiaryCramp => (muscle ? { at: min(atMin), muscle } : { at: min(atMin) });

describe('matchDiary', () => {
  const CASES: { name: string; noted: DiaryCramp[]; detected: DetectedCramp[]; pairs: [number, string][]; missed: number[]; unfelt: string[] }[] = [
    { name: 'nothing noted, nothing found', noted: [], detected: [], pairs: [], missed: [], unfelt: [] },
    { name: 'one noted, found 12 min before the guess', noted: [noted(30, 'calf')], detected: [cramp('a', 18)], pairs: [[0, 'a']], missed: [], unfelt: [] },
    { name: 'a guess inside a long cramp is 0 min off', noted: [noted(33)], detected: [cramp('a', 30, 'soleus', 300)], pairs: [[0, 'a']], missed: [], unfelt: [] },
    { name: '29 min off still matches', noted: [noted(0)], detected: [cramp('a', 29)], pairs: [[0, 'a']], missed: [], unfelt: [] },
    { name: '31 min off does not', noted: [noted(0)], detected: [cramp('a', 31)], pairs: [], missed: [0], unfelt: ['a'] },
    { name: 'found, and one slept through', noted: [noted(10, 'calf')], detected: [cramp('a', 12), cramp('b', 200)], pairs: [[0, 'a']], missed: [], unfelt: ['b'] },
    { name: 'noted, nothing found', noted: [noted(10)], detected: [], pairs: [], missed: [0], unfelt: [] },
    { name: 'nearest first: each note takes the closer cramp', noted: [noted(0), noted(20)], detected: [cramp('a', 18), cramp('b', 3)], pairs: [[0, 'b'], [1, 'a']], missed: [], unfelt: [] },
    { name: 'one-to-one: two notes, one cramp', noted: [noted(0), noted(5)], detected: [cramp('a', 4)], pairs: [[1, 'a']], missed: [0], unfelt: [] },
    { name: 'one-to-one: one note, two cramps', noted: [noted(5)], detected: [cramp('a', 0), cramp('b', 6)], pairs: [[0, 'b']], missed: [], unfelt: ['a'] },
    { name: 'a thigh note does not take a calf cramp', noted: [noted(5, 'thigh')], detected: [cramp('a', 5)], pairs: [], missed: [0], unfelt: ['a'] },
    { name: 'thigh and foot notes take hamstrings and foot cramps', noted: [noted(5, 'thigh'), noted(6, 'foot')], detected: [cramp('f', 6, 'foot_intrinsic'), cramp('h', 5, 'hamstrings')], pairs: [[0, 'h'], [1, 'f']], missed: [], unfelt: [] },
    { name: 'the shin is felt as the calf', noted: [noted(40, 'calf')], detected: [cramp('t', 35, 'tibialis_anterior')], pairs: [[0, 't']], missed: [], unfelt: [] },
    { name: 'a note without a muscle takes any', noted: [noted(40)], detected: [cramp('q', 35, 'quadriceps')], pairs: [[0, 'q']], missed: [], unfelt: [] },
    { name: 'a tie goes to the earlier cramp', noted: [noted(10)], detected: [cramp('late', 20, 'gastrocnemius', 0), cramp('early', 0, 'gastrocnemius', 0)], pairs: [[0, 'early']], missed: [], unfelt: ['late'] },
  ];
  it.each(CASES)('$name', ({ noted: notes, detected, pairs, missed, unfelt }) => {
    const match = matchDiary(notes, detected);
    expect(match.pairs.map((p) => [p.noted, p.episodeId])).toEqual(pairs);
    expect(match.missed).toEqual(missed);
    expect(match.unfelt.sort()).toEqual([...unfelt].sort());
  });

  it('counts, with the missed times earliest first', () => {
    const notes = [noted(300), noted(10), noted(120)];
    expect(diaryCounts(notes, matchDiary(notes, [cramp('a', 12), cramp('b', 500)]))).toEqual({ noted: 3, found: 1, missed: 2, unfelt: 1, missedAt: [min(120), min(300)] });
  });

  it('takes a tolerance', () => {
    expect(matchDiary([noted(0)], [cramp('a', 10)], 5 * 60_000).pairs).toEqual([]);
    expect(DIARY_TOLERANCE_MS).toBe(30 * 60_000);
  });
});

describe('matchDiary, for every night', () => {
  const notedArb = fc.array(fc.record({ at: fc.integer({ min: 0, max: 600 }).map(min), muscle: fc.option(fc.constantFrom(...DIARY_MUSCLES), { nil: undefined }) }), { maxLength: 8 });
  const detectedArb = fc
    .array(fc.record({ startMin: fc.integer({ min: 0, max: 600 }), lengthS: fc.integer({ min: 3, max: 600 }), muscle: fc.constantFrom(...MUSCLES) }), { maxLength: 8 })
    .map((list) => list.map((c, i) => cramp(`e${i}`, c.startMin, c.muscle, c.lengthS)));

  it('the counts add up, each side is used once, and every pair is within the tolerance and the same region', () => {
    fc.assert(
      fc.property(notedArb, detectedArb, (notes, detected) => {
        const match = matchDiary(notes, detected);
        const counts = diaryCounts(notes, match);
        expect(counts.found + counts.missed).toBe(notes.length);
        expect(counts.found + counts.unfelt).toBe(detected.length);
        expect(new Set(match.pairs.map((p) => p.noted)).size).toBe(match.pairs.length);
        expect(new Set(match.pairs.map((p) => p.episodeId)).size).toBe(match.pairs.length);
        for (const p of match.pairs) expect(p.apartMs).toBeLessThanOrEqual(DIARY_TOLERANCE_MS);
        // nothing left that could still pair: a missed note and an unfelt cramp are never a candidate
        for (const n of match.missed) {
          for (const id of match.unfelt) {
            const e = detected.find((d) => d.id === id)!;
            const apart = notes[n].at < e.start ? e.start - notes[n].at : notes[n].at > e.end! ? notes[n].at - e.end! : 0;
            const sameRegion = matchDiary([notes[n]], [e]).pairs.length === 1;
            expect(sameRegion && apart <= DIARY_TOLERANCE_MS).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order the cramps come in', () => {
    fc.assert(
      fc.property(notedArb, detectedArb, (notes, detected) => {
        const forward = matchDiary(notes, detected);
        const reversed = matchDiary(notes, [...detected].reverse());
        expect(reversed.pairs).toEqual(forward.pairs);
      }),
      { numRuns: 300 },
    );
  });
});
