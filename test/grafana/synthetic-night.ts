// A night as the pipeline would store it, written through the real store: 8 hours of
// downsampled signals with posture changes and two cramps, episode events, a periodic
// limb-movement series, ingest health with an outage, rejects, and night summaries and doctor
// flags for the nights before (the `record()` measurements of docs/influx-schema.md).
// Until the detector and firmware-sim can replay a full night through `replayLines`, this is
// what the dashboards are checked against.
import type { CauseTag, Episode, Posture } from '../../src/core/types.ts';
import type { NightStore } from '../../src/adapters/store.ts';

export interface SyntheticNight {
  device: string;
  wearer: string;
  fromMs: number;
  toMs: number;
  episodes: Episode[];
}

const HOUR = 3_600_000;
const SIGNAL_EVERY_MS = 5_000;
const HEALTH_EVERY_MS = 10_000;

/** Posture by hour of the night: mostly on the back and sides, a long prone spell before the second cramp. */
const POSTURE_BY_HOUR: Posture[] = ['supine', 'left_side', 'supine', 'right_side', 'prone', 'prone', 'supine', 'left_side'];

export function writeSyntheticNight(store: NightStore, options: { fromMs: number; device?: string; wearer?: string; priorNights?: number }): SyntheticNight {
  const device = options.device ?? 'leg-01';
  const wearer = options.wearer ?? 'w-017';
  const fromMs = options.fromMs;
  const toMs = fromMs + 8 * HOUR;

  const cramps = [
    { start: fromMs + 1.5 * HOUR, durationS: 42, peakUv: 380, severity: 'mild' as const, causes: [] as CauseTag[] },
    {
      start: fromMs + 5.75 * HOUR,
      durationS: 95,
      peakUv: 720,
      severity: 'severe' as const,
      causes: [
        { cause: 'sleeping_position', confidence: 0.8, evidence: ['prone for 105 min before onset'] },
        { cause: 'medication', confidence: 0.55, evidence: ['furosemide is a diuretic'] },
      ] satisfies CauseTag[],
    },
  ];
  const inCramp = (t: number) => cramps.some((c) => t >= c.start && t < c.start + c.durationS * 1000);

  for (let t = fromMs; t < toMs; t += SIGNAL_EVERY_MS) {
    const hour = Math.floor((t - fromMs) / HOUR);
    const posture = POSTURE_BY_HOUR[hour] ?? 'unknown';
    const cramping = inCramp(t);
    store.signal({
      device,
      tMs: t,
      envelopeUv: { gastrocnemius: cramping ? 450 + 50 * Math.sin(t / 7000) : 6 + Math.sin(t / 60_000), tibialis_anterior: 4 },
      posture,
      ankleFlexionDeg: posture === 'prone' ? 35 : 10,
      tempC: 31 + (t - fromMs) / (8 * HOUR),
      battery: 0.9 - (0.3 * (t - fromMs)) / (8 * HOUR),
      contact: t > fromMs + 3 * HOUR && t < fromMs + 3 * HOUR + 60_000 ? 0.2 : 1,
      mainsDb: hour < 1 ? -10 : -35, // an electric blanket on for the first hour
    });
  }

  const episodes: Episode[] = [];
  for (const c of cramps) {
    const base = {
      v: 1 as const,
      id: `${device}-${c.start}`,
      device,
      wearer,
      leg: 'left',
      muscle: 'gastrocnemius' as const,
      start: c.start,
      detected_at: c.start + 2_500,
      peak_uv: c.peakUv,
      peak_mvc_pct: Math.round((c.peakUv / 820) * 100),
      severity: c.severity,
      posture_before: POSTURE_BY_HOUR[Math.floor((c.start - fromMs) / HOUR)] ?? ('unknown' as Posture),
      causes: c.causes,
    };
    store.episode({ ...base, event: 'open' });
    const close: Episode = { ...base, event: 'close', end: c.start + c.durationS * 1000, duration_s: c.durationS };
    store.episode(close);
    episodes.push(close);
  }

  // a periodic series (WASM 2016: ≥ 4 movements 5–90 s apart) in the third hour, one lone movement
  for (let i = 0; i < 8; i++) {
    const start = fromMs + 2 * HOUR + i * 25_000;
    store.limbMovement({ device, muscle: 'tibialis_anterior', start, end: start + 1_800, periodic: true });
  }
  store.limbMovement({ device, muscle: 'tibialis_anterior', start: fromMs + 4 * HOUR, end: fromMs + 4 * HOUR + 3_000, periodic: false });

  // cumulative counters, with a 2-minute outage in the fourth hour
  let frames = 0;
  let gaps = 0;
  let missingMs = 0;
  for (let t = fromMs; t < toMs; t += HEALTH_EVERY_MS) {
    const outage = t >= fromMs + 3.5 * HOUR && t < fromMs + 3.5 * HOUR + 120_000;
    if (outage) {
      missingMs += HEALTH_EVERY_MS;
      if (t === fromMs + 3.5 * HOUR) gaps++;
    } else {
      frames += 100;
    }
    store.health({ device, tMs: t, frames, duplicates: Math.floor(frames / 5000), gaps, missingMs, reordered: 0, delayMsP50: 40, delayMsP99: outage ? 0 : 180 });
  }
  for (let minute = 0; minute < 60; minute++) {
    const t = fromMs + minute * 60_000;
    store.rejects({ tMs: t, code: 'bad_schema', device, count: minute });
    store.rejects({ tMs: t, code: 'bad_device_id', count: 2 * minute });
  }

  store.record('profile', { device, wearer }, { leg: 'left' }, fromMs - HOUR);
  const priorNights = options.priorNights ?? 6;
  for (let n = priorNights; n >= 0; n--) {
    const nightStart = fromMs - n * 24 * HOUR;
    const tonight = n === 0;
    const count = tonight ? cramps.length : n % 3;
    const summary: Record<string, number> = {
      cramps: count,
      cramp_total_s: tonight ? cramps.reduce((s, c) => s + c.durationS, 0) : count * 50,
      cramp_longest_s: tonight ? 95 : count > 0 ? 60 : 0,
      cramps_mild: tonight ? 1 : count,
      cramps_moderate: 0,
      cramps_severe: tonight ? 1 : 0,
      severity_max: tonight ? 3 : count > 0 ? 1 : 0,
      recorded_h: 8,
      gap_min: tonight ? 2 : 0,
      limb_movements: 9,
      periodic_limb_movements: 8,
      plm_index_per_h: tonight ? 1 : 4 + n,
    };
    if (tonight) {
      summary.cause_sleeping_position = 1;
      summary.cause_medication = 1;
    }
    store.record('night_summary', { device, wearer }, summary, nightStart);
  }
  store.record('doctor_flag', { device, wearer, code: 'severe_cramp' }, { message: 'A cramp tonight was severe and lasted over a minute and a half.', value: 95 }, toMs);

  return { device, wearer, fromMs, toMs, episodes };
}
