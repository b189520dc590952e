// Pairs what the wearer noted with what the sensor detected over one night: felt and detected,
// felt but not detected, detected but not felt. Pure: no clock, no I/O.
import type { Muscle } from '../core/types.ts';
import { sameRegion } from './muscle-group.ts';
import type { DiaryCounts, DiaryCramp } from './types.ts';

/**
 * How far the wearer's time may be from a detected cramp, ms. A time noted in the morning for a
 * cramp that woke them in the dark is an estimate, usually rounded to the quarter or half hour
 * ("about three"); PROTOCOL §10.4 says minutes off, not seconds. ±30 min takes in a guess rounded
 * to the half hour and a clock read a while after the pain; wider, and a noted cramp would start
 * to take a detected one that belongs to another noted cramp of a bad night (cramps of one night
 * are often within the hour of each other), which one-to-one matching then has to undo.
 */
export const DIARY_TOLERANCE_MS = 30 * 60_000;

/** What matching needs of a detected cramp (a closed PROTOCOL §6 episode is one). */
export interface DetectedCramp {
  id: string;
  muscle: Muscle;
  start: number;
  end?: number;
}

export interface DiaryMatch {
  /** felt and detected: index into the noted cramps, the episode, and how far apart, ms (0 = within it) */
  pairs: { noted: number; episodeId: string; apartMs: number }[];
  /** indices of noted cramps with no detected one */
  missed: number[];
  /** ids of detected cramps no noted one took */
  unfelt: string[];
}

/**
 * One-to-one, nearest first: every (noted, detected) pair in the same region of the leg and
 * within the tolerance is a candidate; the closest candidate is taken, its two sides are done,
 * and so on. The distance is from the noted time to the detected cramp's span (0 inside it: a
 * long cramp may be noted from the moment it woke the wearer). Greedy rather than an optimal
 * assignment: a night has a handful of cramps, and "each noted cramp takes the nearest detected
 * one still free" is a rule a wearer can follow; ties go to the earlier cramp.
 */
export function matchDiary(noted: readonly DiaryCramp[], detected: readonly DetectedCramp[], toleranceMs = DIARY_TOLERANCE_MS): DiaryMatch {
  const candidates: { noted: number; detected: number; apartMs: number }[] = [];
  noted.forEach((cramp, n) => {
    detected.forEach((episode, d) => {
      if (!sameRegion(cramp.muscle, episode.muscle)) return;
      const apartMs = distanceToSpanMs(cramp.at, episode.start, episode.end ?? episode.start);
      if (apartMs <= toleranceMs) candidates.push({ noted: n, detected: d, apartMs });
    });
  });
  // ties: the earlier cramp, then the earlier note, then the id, so the order given never matters
  candidates.sort(
    (a, b) =>
      a.apartMs - b.apartMs ||
      detected[a.detected].start - detected[b.detected].start ||
      a.noted - b.noted ||
      (detected[a.detected].id < detected[b.detected].id ? -1 : detected[a.detected].id > detected[b.detected].id ? 1 : 0),
  );
  const notedTaken = new Set<number>();
  const detectedTaken = new Set<number>();
  const pairs: DiaryMatch['pairs'] = [];
  for (const c of candidates) {
    if (notedTaken.has(c.noted) || detectedTaken.has(c.detected)) continue;
    notedTaken.add(c.noted);
    detectedTaken.add(c.detected);
    pairs.push({ noted: c.noted, episodeId: detected[c.detected].id, apartMs: c.apartMs });
  }
  pairs.sort((a, b) => a.noted - b.noted);
  return {
    pairs,
    missed: noted.map((_, n) => n).filter((n) => !notedTaken.has(n)),
    unfelt: detected.filter((_, d) => !detectedTaken.has(d)).map((e) => e.id),
  };
}

/** The counts a night summary carries. */
export function diaryCounts(noted: readonly DiaryCramp[], match: DiaryMatch): DiaryCounts {
  return {
    noted: noted.length,
    found: match.pairs.length,
    missed: match.missed.length,
    unfelt: match.unfelt.length,
    missedAt: match.missed.map((n) => noted[n].at).sort((a, b) => a - b),
  };
}

function distanceToSpanMs(tMs: number, startMs: number, endMs: number): number {
  if (tMs < startMs) return startMs - tMs;
  if (tMs > endMs) return tMs - endMs;
  return 0;
}
