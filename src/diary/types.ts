// The wearer's cramp diary (PROTOCOL §10.4) as the core takes it: already validated at the edge
// (src/protocol/messages.ts diarySchema).

/** The words a wearer has for where it cramped. */
export const DIARY_MUSCLES = ['calf', 'thigh', 'foot'] as const;
export type DiaryMuscle = (typeof DIARY_MUSCLES)[number];

export interface DiaryCramp {
  /** the wearer's guess of when it began, epoch ms: minutes off, not seconds */
  at: number;
  muscle?: DiaryMuscle;
  /** 0–10 */
  pain?: number;
  /** how long it felt */
  minutes?: number;
}

export interface WearerDiary {
  v: 1;
  /** when it was sent */
  t: number;
  /** the evening's date, YYYY-MM-DD, in the wearer's time zone */
  night: string;
  /** empty: "I felt none" */
  cramps: DiaryCramp[];
}

/**
 * How the diary and the sensor agree over one night: the counts ride on the night summary
 * (`diary`, an extra field PROTOCOL §10.2 allows) and in the `night_summary` measurement.
 */
export interface DiaryCounts {
  /** cramps the wearer noted */
  noted: number;
  /** noted and detected */
  found: number;
  /** noted, not detected */
  missed: number;
  /** detected, not noted: slept through, or forgotten by morning */
  unfelt: number;
  /** when the wearer said the missed ones began, epoch ms, earliest first */
  missedAt: number[];
}
