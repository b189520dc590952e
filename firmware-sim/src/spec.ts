// What a simulated night is made of: plain data (JSON-safe), so that a night can be written down,
// inspected, and rendered again from its seed. The scenario generator (scenario/) fills it in;
// the renderer (device-stream.ts) turns it into samples; truth.ts reads what really happened.
import type { Cause, ContextLog, Muscle, Posture, Profile } from '../../src/core/types.ts';

export type Vec3 = [number, number, number];

export interface DeviceSpec {
  id: string;
  /** seq of the first frame (some nights start near 2^32 to exercise wrapping) */
  seqStart: number;
  leg: 'left' | 'right';
  emgFsHz: number;
  /** samples per channel per frame */
  frameSamples: number;
  channels: Muscle[];
  accFsHz: number;
  /** accelerometer clock offset from the EMG clock, ms (0 ≤ x < 1000/accFs) */
  accPhaseMs: number;
  foot: boolean;
  temp: boolean;
  battery: boolean;
  /** per channel: amplifier + electrode noise, µV RMS */
  noiseUv: number[];
  /** per channel: resting tonic activity, µV RMS */
  tonicUv: number[];
  /** per channel: MUAP spectrum corners */
  spectrum: { lowHz: number; highHz: number }[];
  /** crosstalk[c][d]: fraction of muscle d's signal seen on channel c */
  crosstalk: number[][];
  /** the amplifier's high-pass corner, Hz (baseline removal) */
  highPassHz: number;
  /** amplifier range, ± µV: beyond it the signal saturates */
  rangeUv: number;
  /** ADC resolution as the firmware reports it, µV per step */
  lsbUv: number;
  accNoiseMg: number;
  /** the patch is never stuck on perfectly straight: rotation about its z (yaw) and x (roll), degrees */
  mountYawDeg: number;
  mountRollDeg: number;
  /** ECG bleed: QRS amplitude per channel (µV, 0 = none), heart rate */
  heart: { amplitudeUv: number[]; bpm: number };
  tempBaseC: number;
  batteryStart: number;
  /** battery drain per hour, 0..1 */
  batteryPerHour: number;
  /** device clock minus true time at the night's start, ms (rx is true time) */
  clockOffsetMs: number;
  /** device clock rate error, parts per million */
  clockDriftPpm: number;
  /** electrode noise grows as the gel dries: fraction per hour */
  noiseDriftPerHour: number;
  /** time between frames' creation and the broker seeing them, ms: typical and spread */
  latencyMs: number;
  latencyJitterMs: number;
  /** a thigh accelerometer (PROTOCOL §10.1), for the knee angle */
  thigh?: boolean;
}

export interface PostureEpoch {
  startMs: number;
  endMs: number;
  posture: Posture;
  /** shank gravity reading at rest per device (same order as devices), mg */
  gravity: Vec3[];
  /** ankle plantar flexion (degrees, + = toes pointed), per device */
  ankleDeg: number[];
  /** time to move into this posture from the previous one, ms */
  transitionMs: number;
  /** knee flexion (degrees, 0 = straight), per device; absent on nights without thigh sensors */
  kneeDeg?: number[];
}

/** Building blocks the renderer knows. Each belongs to one device (index into `devices`). */
export type Layer =
  | BurstLayer
  | CrampLayer
  | TwitchLayer
  | MotionLayer
  | GaitLayer
  | AnkleLayer
  | HumLayer
  | LooseLayer
  | ContactLayer
  | KneeLayer;

interface LayerBase {
  device: number;
  startMs: number;
  endMs: number;
  seed: number;
}

/** Voluntary or periodic activation of some muscles (LMs, stretches, reactions, turning). */
export interface BurstLayer extends LayerBase {
  type: 'burst';
  levels: Partial<Record<Muscle, number>>;
  riseMs: number;
  fallMs: number;
  /** 0..1: how much the level wobbles (tremor, effort) */
  wobble: number;
}

export interface CrampLayer extends LayerBase {
  type: 'cramp';
  /** peak drive per muscle, µV RMS (the cramping muscle and any that co-cramp) */
  levels: Partial<Record<Muscle, number>>;
  onsetMs: number;
  offsetMs: number;
  /** 0..1 depth of slow waxing/waning */
  waxDepth: number;
  waxPeriodS: number;
  /** brief dips: time from start, length, remaining fraction */
  dips: { atMs: number; lengthMs: number; floor: number }[];
  /** where in the cramp it peaks (0..1) */
  peakAt: number;
}

export interface TwitchLayer extends LayerBase {
  type: 'twitch';
  muscle: Muscle;
  /** fasciculations per second at the start (fading to a third by the end) */
  ratePerS: number;
  peakUv: number;
}

export interface MotionLayer extends LayerBase {
  type: 'motion';
  /** accelerometer jolt amplitude, mg */
  accMg: number;
  /** EMG motion-artifact amplitude (low-frequency bumps), µV */
  artifactUv: number;
  /** bumps per second */
  bumpsPerS: number;
}

export interface GaitLayer extends LayerBase {
  type: 'gait';
  strideHz: number;
  /** stride phase offset 0..1 (the other leg is half a stride apart) */
  phase: number;
  gastrocUv: number;
  taUv: number;
  impactMg: number;
  swingDeg: number;
}

export interface AnkleLayer extends LayerBase {
  type: 'ankle';
  /** change of plantar flexion, degrees (+ toes pointed, − dorsiflexed) */
  deltaDeg: number;
  rampMs: number;
}

export interface HumLayer extends LayerBase {
  type: 'hum';
  hz: 50 | 60;
  amplitudeUv: number;
  /** relative amplitude of harmonics 2, 3, 4, 5 */
  harmonics: number[];
  /** thermostat cycle: period and fraction on (1 = always on) */
  cycleS: number;
  duty: number;
  /** per channel coupling */
  channelGain: number[];
}

export interface KneeLayer extends LayerBase {
  type: 'knee';
  /** change of knee flexion, degrees (+ bent further, − straightened) */
  deltaDeg: number;
  rampMs: number;
}

export type LooseMode = 'wander' | 'pops' | 'saturate' | 'flat' | 'junk';

export interface LooseLayer extends LayerBase {
  type: 'loose';
  /** affected channels (all of them when the reference electrode lifts) */
  channels: Muscle[];
  /** mains frequency: a high-impedance contact unbalances the input and lets hum in */
  mainsHz: 50 | 60;
  segments: { startMs: number; endMs: number; mode: LooseMode; amplitudeUv: number }[];
}

/** Dry or textile electrodes over the layer's span (layers/contact.ts says why each number). */
export interface ContactLayer extends LayerBase {
  type: 'contact';
  /** per channel (the device's channel order): the settled noise floor, µV RMS */
  floorUv: number[];
  /** the floor at the start as a multiple of the settled one, and how fast it settles */
  settleFactor: number;
  settleTauMs: number;
  /** the contact's slow wander in log units: its spread and time constant */
  wanderSd: number;
  wanderTauMs: number;
  /** the signal gain is exp(−gainCoupling · contact): worse contact, more noise, less signal */
  gainCoupling: number;
  /** when the contact shifts (the sleeper turning over), and by how much (sd, log units) */
  shiftsMs: number[];
  shiftSd: number;
}

/** What really happened, PROTOCOL §8 (kinds other than cramp are for information). */
export interface TruthEpisode {
  device: string;
  kind: 'cramp' | 'plm' | 'lm' | 'movement' | 'walk' | 'stretch' | 'twitch' | 'artifact';
  muscle?: Muscle;
  start: number;
  end: number;
  causes?: Cause[];
  /** extra words for people reading the truth file */
  note?: string;
}

export interface TransportSpec {
  /** chance each frame is lost */
  lossProbability: number;
  /** outages: the link is down; frames are lost or held and sent late */
  outages: { startMs: number; endMs: number; buffered: boolean }[];
  duplicateProbability: number;
  reorderProbability: number;
  /** garbage messages: invalid JSON lines and invalid frames, at these times */
  garbage: { atMs: number; device: number; kind: GarbageKind }[];
}

export type GarbageKind = 'not_json' | 'truncated_json' | 'missing_seq' | 'ragged' | 'bad_channel' | 'fs_out_of_range' | 'bad_binary' | 'string_sample';

export interface NightSpec {
  v: 1;
  seed: number;
  preset?: string;
  startMs: number;
  endMs: number;
  devices: DeviceSpec[];
  postures: PostureEpoch[];
  layers: Layer[];
  profile: Profile;
  context: ContextLog;
  transport: TransportSpec;
  truth: TruthEpisode[];
}
