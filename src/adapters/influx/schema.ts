// The InfluxDB schema of crampwatch, declared once: measurements, their tags, their field types
// and the retention policy each lives in. docs/influx-schema.md describes the same in words.
// Field types are fixed here so that no field is ever written once as a float and once as an
// integer (InfluxDB 1.x refuses the second with a "field type conflict" for the whole shard).
import { FieldType, type ISchemaOptions } from 'influx';
import { CAUSES, MUSCLES, POSTURES, type Posture } from '../../core/types.ts';

/** Downsampled signals expire (operator-set, default 30 d); everything else is kept. */
export const RETENTION = { signals: 'signals', forever: 'autogen' } as const;
export type RetentionPolicyName = (typeof RETENTION)[keyof typeof RETENTION];

export const MEASUREMENT = {
  episode: 'episode',
  signal: 'signal',
  limbMovement: 'limb_movement',
  ingest: 'ingest',
  reject: 'reject',
} as const;
export type OwnMeasurement = (typeof MEASUREMENT)[keyof typeof MEASUREMENT];
const OWN = new Set<string>(Object.values(MEASUREMENT));
export const isOwnMeasurement = (name: string): boolean => OWN.has(name);

/** Grafana plots numbers, not strings: a fixed code per posture (value mappings in the dashboards). */
export const POSTURE_CODE: Record<Posture, number> = {
  unknown: 0,
  supine: 1,
  prone: 2,
  left_side: 3,
  right_side: 4,
  upright: 5,
};

export const envelopeField = (muscle: string): string => `env_${muscle}_uv`;
export const causeField = (cause: string): string => `cause_${cause}`;

export const EPISODE_TAGS = ['device', 'wearer', 'leg', 'muscle', 'severity', 'posture_before', 'event'] as const;

export const SCHEMA: ISchemaOptions[] = [
  {
    measurement: MEASUREMENT.episode,
    tags: [...EPISODE_TAGS],
    fields: {
      id: FieldType.STRING,
      duration_s: FieldType.FLOAT,
      peak_uv: FieldType.FLOAT,
      peak_mvc_pct: FieldType.FLOAT,
      start: FieldType.INTEGER,
      end: FieldType.INTEGER,
      detected_at: FieldType.INTEGER,
      causes: FieldType.STRING,
      causes_text: FieldType.STRING,
      /** one line for annotations: muscle, duration, severity, posture, likely causes */
      summary: FieldType.STRING,
      // written only when the cause is tagged (confidence ≥ 0.5), so count() counts tagged cramps
      ...Object.fromEntries(CAUSES.map((cause) => [causeField(cause), FieldType.BOOLEAN])),
    },
  },
  {
    measurement: MEASUREMENT.signal,
    tags: ['device'],
    fields: {
      ...Object.fromEntries(MUSCLES.map((muscle) => [envelopeField(muscle), FieldType.FLOAT])),
      posture: FieldType.STRING,
      posture_code: FieldType.INTEGER,
      ankle_deg: FieldType.FLOAT,
      knee_deg: FieldType.FLOAT,
      temp_c: FieldType.FLOAT,
      battery: FieldType.FLOAT,
      contact: FieldType.FLOAT,
      mains_db: FieldType.FLOAT,
    },
  },
  {
    measurement: MEASUREMENT.limbMovement,
    tags: ['device', 'muscle', 'periodic'],
    fields: { duration_s: FieldType.FLOAT, end: FieldType.INTEGER },
  },
  {
    measurement: MEASUREMENT.ingest,
    tags: ['device'],
    fields: {
      frames: FieldType.INTEGER,
      duplicates: FieldType.INTEGER,
      gaps: FieldType.INTEGER,
      missing_ms: FieldType.FLOAT,
      reordered: FieldType.INTEGER,
      delay_ms_p50: FieldType.FLOAT,
      delay_ms_p99: FieldType.FLOAT,
    },
  },
  {
    measurement: MEASUREMENT.reject,
    tags: ['code', 'device'],
    fields: { count: FieldType.INTEGER },
  },
];

/** Which retention policy a measurement is written to. */
export function retentionOf(measurement: string): RetentionPolicyName {
  return measurement === MEASUREMENT.signal ? RETENTION.signals : RETENTION.forever;
}
