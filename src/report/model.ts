// What the report renders: already grouped into nights, already summarised. The renderer only
// lays it out; assembling it from a store (src/report/assemble.ts) is a separate, pure step.
import type { NightSummary } from '../causes/summary.ts';
import type { Episode, LimbMovement, SignalPoint } from '../core/types.ts';

/**
 * What the report shows of a night summary: src/causes' NightSummary is one, and so is a summary
 * read back from a stored `night_summary` record.
 */
export type ReportSummary = Pick<
  NightSummary,
  'cramps' | 'totalCrampS' | 'longestCrampS' | 'worstSeverity' | 'limbMovements' | 'periodicLimbMovements' | 'plmIndexPerHour' | 'recordedMs' | 'postureMs' | 'causesSeen' | 'advice'
>;

export interface ReportDoctorFlag {
  flag: boolean;
  /** plain words, with the numbers */
  reasons: string[];
}

export interface ReportNight {
  device: string;
  wearer?: string;
  /** the evening's date, YYYY-MM-DD, in the report's time zone */
  nightDate: string;
  fromMs: number;
  toMs: number;
  /** closed episodes, by start */
  episodes: Episode[];
  /** downsampled signals, by time */
  signals: SignalPoint[];
  limbMovements: LimbMovement[];
  /** src/causes' summary of the night (stored, or rebuilt from the data) */
  summary: NightSummary;
}

export interface ReportInput {
  title?: string;
  /** IANA zone name the times are shown in, e.g. "Europe/Berlin" */
  timeZone: string;
  /** when the report was made; passed in so the renderer never reads the clock */
  generatedAtMs?: number;
  /** nights, oldest first */
  nights: ReportNight[];
  /** over all the nights on record for this wearer */
  doctorFlag?: ReportDoctorFlag;
}
