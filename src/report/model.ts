// What the report renders: already grouped into nights, already summarised. The renderer only
// lays it out; assembling it from a store (src/report/assemble.ts) is a separate, pure step.
import type { Cause, Episode, LimbMovement, Posture, Severity, SignalPoint } from '../core/types.ts';

/** The night summary as the report shows it (from src/causes' NightSummary, or rebuilt from the night's data). */
export interface ReportSummary {
  cramps: number;
  totalCrampS: number;
  longestCrampS: number;
  worstSeverity?: Severity;
  limbMovements: number;
  periodicLimbMovements: number;
  /** periodic limb movements per hour of recording (WASM 2016 PLM index) */
  plmIndexPerHour?: number;
  recordedMs?: number;
  postureMs: Partial<Record<Posture, number>>;
  /** causes tagged (confidence ≥ 0.5) on this night's cramps, most frequent first */
  causesSeen: { cause: Cause; count: number }[];
  /** prevention advice that fits the causes seen, plain sentences */
  advice: string[];
}

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
  summary: ReportSummary;
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
