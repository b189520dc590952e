// The values that flow through crampwatch's pure core. Everything here is already validated:
// the edge (src/protocol) turns wire messages into these, and the core trusts them.

/** EMG channel names allowed by PROTOCOL §1. */
export const MUSCLES = [
  'gastrocnemius',
  'soleus',
  'tibialis_anterior',
  'hamstrings',
  'quadriceps',
  'foot_intrinsic',
] as const;
export type Muscle = (typeof MUSCLES)[number];

export const POSTURES = ['supine', 'prone', 'left_side', 'right_side', 'upright', 'unknown'] as const;
export type Posture = (typeof POSTURES)[number];

export const SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The seven possible causes of PROTOCOL §6. */
export const CAUSES = [
  'muscle_fatigue',
  'dehydration_electrolytes',
  'poor_circulation',
  'nerve_compression',
  'medication',
  'health_condition',
  'sleeping_position',
] as const;
export type Cause = (typeof CAUSES)[number];

/** Accelerometer samples of one frame: x,y,z interleaved, in milli-g. */
export interface AccBlock {
  fsHz: number;
  /** time of the first sample, device clock, epoch ms (may be fractional) */
  tMs: number;
  /** x0,y0,z0,x1,y1,z1,… in mg */
  mg: Float32Array;
}

/** One validated sample frame (PROTOCOL §3, JSON or binary), in the core's shape. */
export interface SampleFrame {
  device: string;
  seq: number;
  /** time of the first EMG sample, device clock, epoch ms */
  tMs: number;
  emgFsHz: number;
  channels: readonly Muscle[];
  /** one array per channel, same length, microvolts */
  emgUv: Float32Array[];
  acc?: AccBlock;
  foot?: AccBlock;
  /** the thigh accelerometer, PROTOCOL §10.1 */
  thigh?: AccBlock;
  tempC?: number;
  /** 0..1 */
  battery?: number;
}

/** Wearer profile, PROTOCOL §4. */
export interface Profile {
  v: 1;
  wearer?: string;
  leg?: 'left' | 'right' | string;
  age?: number;
  pregnant?: boolean;
  medications?: string[];
  conditions?: string[];
  mvc_uv?: Partial<Record<Muscle, number>>;
}

/** Daily context log, PROTOCOL §5. */
export interface ContextLog {
  v: 1;
  t: number;
  water_l?: number;
  caffeine_mg?: number;
  alcohol_units?: number;
  exercise_min?: number;
  exercise_intensity?: 'none' | 'light' | 'moderate' | 'vigorous';
  standing_h?: number;
  sitting_h?: number;
  sweating?: 'none' | 'light' | 'heavy';
  supplements?: string[];
  stretched_before_bed?: boolean;
}

export interface CauseTag {
  cause: Cause;
  /** 0..1; tagged when ≥ 0.5 */
  confidence: number;
  /** plain words a wearer understands */
  evidence: string[];
}

export type EpisodeEventKind = 'open' | 'update' | 'close';

/** An episode event, PROTOCOL §6. `end` and `duration_s` are set on update and close. */
export interface Episode {
  v: 1;
  event: EpisodeEventKind;
  id: string;
  device: string;
  wearer?: string;
  leg?: string;
  muscle: Muscle;
  start: number;
  end?: number;
  duration_s?: number;
  detected_at: number;
  peak_uv: number;
  peak_mvc_pct?: number;
  severity: Severity;
  posture_before: Posture;
  causes: CauseTag[];
}

/** What the body was doing around a cramp's onset, for the cause rules (src/causes). */
export interface OnsetCircumstances {
  onsetMs: number;
  muscle: Muscle;
  postureBefore: Posture;
  /** how long that posture had been held continuously before onset, minutes */
  postureHeldMin: number;
  /** ankle plantar flexion at onset, degrees (positive = toes pointed); absent without a foot sensor */
  ankleFlexionDeg?: number;
  /** how long the ankle had been plantar-flexed beyond 30° before onset, minutes */
  ankleFlexedHeldMin?: number;
  /** knee flexion at onset, degrees (0 = straight); absent without a thigh sensor (PROTOCOL §10.1) */
  kneeFlexionDeg?: number;
  /** how long the knees had been curled beyond 75° before onset, minutes */
  kneeCurledHeldMin?: number;
  /** knee/leg position: minutes without any movement before onset */
  stillMin: number;
  durationS?: number;
  severity?: Severity;
  /** cramps already seen this night before this one */
  crampsEarlierTonight: number;
}

/** A limb movement (WASM 2016): 0.5–10 s of raised tibialis anterior activity. */
export interface LimbMovement {
  device: string;
  muscle: Muscle;
  start: number;
  end: number;
  /** part of a periodic series (≥ 4 LMs, 5–90 s apart) */
  periodic: boolean;
}

/** Downsampled signals for plotting and the morning report, one point per device per interval. */
export interface SignalPoint {
  device: string;
  tMs: number;
  /** RMS envelope over the interval, µV, per channel present */
  envelopeUv: Partial<Record<Muscle, number>>;
  posture: Posture;
  ankleFlexionDeg?: number;
  /** knee flexion, degrees, with a thigh sensor (PROTOCOL §10.1) */
  kneeFlexionDeg?: number;
  tempC?: number;
  battery?: number;
  /** 0 = electrode off, 1 = good contact; the fraction of the interval with good contact */
  contact: number;
  /** mains interference power relative to EMG, dB; high means an electric blanket or similar */
  mainsDb?: number;
}

/** Where the core sends what it finds. Adapters (MQTT, InfluxDB, files) implement it. */
export interface CoreSink {
  episode(event: Episode): void;
  signal(point: SignalPoint): void;
  limbMovement(movement: LimbMovement): void;
}
