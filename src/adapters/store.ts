// The storage port. InfluxDB (src/adapters/influx) and the local folder store of the demo
// (src/adapters/local-store.ts) both implement it; the pipeline writes through it.
import type { CoreSink } from '../core/types.ts';
import type { DiaryEntry } from '../diary/record.ts';

/** Per device, one point every ~10 s of wall time. */
export interface IngestHealth {
  device: string;
  tMs: number;
  frames: number;
  duplicates: number;
  gaps: number;
  missingMs: number;
  reordered: number;
  /** from a frame's last sample to its processing */
  delayMsP50?: number;
  delayMsP99?: number;
}

export interface RejectPoint {
  tMs: number;
  code: string;
  /** only when the device id was valid */
  device?: string;
  count: number;
}

export type FieldValue = number | string | boolean;

export interface NightStore extends CoreSink {
  health(h: IngestHealth): void;
  rejects(r: RejectPoint): void;
  /** anything else worth keeping (night summaries, doctor flags): tags must be validated values */
  record(measurement: string, tags: Record<string, string>, fields: Record<string, FieldValue>, tMs: number): void;
  /** a wearer's diary as it was sent (PROTOCOL §10.4): measurement `diary` */
  diary(entry: DiaryEntry): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}
