// One night of one device as PROTOCOL §10.2 writes it: what `replay --summaries` puts in
// NIGHTS.json and what the live pipeline publishes on crampwatch/v1/{id}/summary.
import type { Cause, Severity } from '../core/types.ts';
import type { DoctorFlag, DoctorReason } from './doctor.ts';
import type { NightSummary } from './summary.ts';

/**
 * The §10.2 reason codes. `frequent`, `severe`, `worsening`, `long` and `not_improving` are the
 * protocol's; `many_in_a_night` (3 or more cramps in one night, doctor.ts) is this project's own,
 * which checkers ignore (§10.2: "a project may add others").
 */
export const PROTOCOL_REASONS = ['frequent', 'severe', 'worsening', 'long', 'not_improving'] as const satisfies readonly DoctorReason[];

export interface NightRecord {
  v: 1;
  device: string;
  /** the profile's wearer; null when the device sent none */
  wearer: string | null;
  /** YYYY-MM-DD: the calendar date, in the wearer's time zone, of the evening the night began */
  night: string;
  /** first and last sample, epoch ms */
  start: number;
  end: number;
  cramps: number;
  cramp_s: number;
  longest_s: number;
  /** null on a night without cramps */
  worst_severity: Severity | null;
  /** periodic limb movements per hour */
  plm_index: number;
  /** causes tagged (confidence ≥ 0.5) on any of the night's cramps, most frequent first */
  causes: Cause[];
  /** the "see a doctor" flag over the wearer's nights on record up to and including this one */
  doctor: { flag: boolean; reasons: DoctorReason[] };
}

/** The §10.2 record of a night: `nightDate` is the wearer's date of its evening (see ZonedClock.nightOf). */
export function nightRecordOf(summary: NightSummary, flag: Pick<DoctorFlag, 'flag' | 'codes'>, nightDate: string): NightRecord {
  return {
    v: 1,
    device: summary.device,
    wearer: summary.wearer ?? null,
    night: nightDate,
    start: summary.fromMs,
    end: summary.toMs,
    cramps: summary.cramps,
    cramp_s: summary.totalCrampS,
    longest_s: summary.longestCrampS,
    worst_severity: summary.worstSeverity ?? null,
    plm_index: summary.plmIndexPerHour,
    causes: summary.causesSeen.map((c) => c.cause),
    doctor: { flag: flag.flag, reasons: [...flag.codes] },
  };
}
