// A night as the pipeline would store it, written through the real store: 8 hours of
// downsampled signals with posture changes and two cramps, episode events, a periodic
// limb-movement series, ingest health with an outage, rejects; earlier nights' cramps; and the
// night summaries and doctor flag built and flattened by src/causes (the `record()`
// measurements of docs/influx-schema.md).
// Until the detector and firmware-sim can replay a full night through `replayLines`, this is
// what the dashboards are checked against.
import type { NightStore } from '../../src/adapters/store.ts';
import { doctorFlag, doctorFlagFields, nightSummaryFields, nightSummaryTags, summarizeNight, type DoctorFlag, type NightSummary } from '../../src/causes/index.ts';
import type { NightStats } from '../../src/core/device-core.ts';
import type { CauseTag, Episode, Posture } from '../../src/core/types.ts';

export interface SyntheticNight {
  device: string;
  wearer: string;
  fromMs: number;
  toMs: number;
  /** tonight's closed episodes */
  episodes: Episode[];
  summaries: NightSummary[];
  flag: DoctorFlag;
}

/** An 8-hour night's statistics with `periodic` periodic limb movements. */
function nightStats(device: string, fromMs: number, periodic: number): NightStats {
  const recordedMs = 8 * HOUR;
  return {
    device,
    fromMs,
    toMs: fromMs + recordedMs,
    recordedMs,
    postureMs: { supine: 4 * HOUR, prone: 2 * HOUR, left_side: HOUR, right_side: HOUR, upright: 0, unknown: 0 },
    limbMovements: periodic + 1,
    periodicLimbMovements: periodic,
    plmIndexPerHour: periodic / 8,
    gapMs: 0,
  };
}

const HOUR = 3_600_000;
const SIGNAL_EVERY_MS = 5_000;
const HEALTH_EVERY_MS = 10_000;

/** Posture by hour of the night: mostly on the back and sides, a long prone spell before the second cramp. */
const POSTURE_BY_HOUR: Posture[] = ['supine', 'left_side', 'supine', 'right_side', 'prone', 'prone', 'supine', 'left_side'];

export function writeSyntheticNight(
  store: NightStore,
  options: { fromMs: number; device?: string; wearer?: string; priorNights?: number },
): SyntheticNight {
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
      kneeFlexionDeg: posture === 'left_side' ? 95 : 15,
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

  // night summaries and the doctor flag exactly as src/causes builds and flattens them: tonight,
  // and earlier nights with a cramp or two on most of them (enough for the "frequent" flag)
  const summaries: NightSummary[] = [];
  const priorNights = options.priorNights ?? 6;
  for (let n = priorNights; n >= 1; n--) {
    const nightFrom = fromMs - n * 24 * HOUR;
    const nightEpisodes: Episode[] = [];
    for (let k = 0; k < (n % 3 === 0 ? 0 : 1 + (n % 2)); k++) {
      const start = nightFrom + (2 + 3 * k) * HOUR;
      const e: Episode = {
        v: 1,
        event: 'close',
        id: `${device}-${start}`,
        device,
        wearer,
        leg: 'left',
        muscle: 'gastrocnemius',
        start,
        end: start + 50_000,
        duration_s: 50,
        detected_at: start + 2_000,
        peak_uv: 300,
        severity: k === 0 ? 'mild' : 'moderate',
        posture_before: 'supine',
        causes: [{ cause: 'muscle_fatigue', confidence: 0.6, evidence: ['95 min of vigorous exercise the day before'] }],
      };
      store.episode(e);
      nightEpisodes.push(e);
    }
    summaries.push(summarizeNight({ device, wearer, episodes: nightEpisodes, stats: nightStats(device, nightFrom, 2 + n) }));
  }
  summaries.push(summarizeNight({ device, wearer, episodes, stats: { ...nightStats(device, fromMs, 8), gapMs: 120_000, recordedMs: 8 * HOUR - 120_000 } }));
  for (const summary of summaries) store.record('night_summary', nightSummaryTags(summary), nightSummaryFields(summary), summary.fromMs);
  const flag = doctorFlag(summaries);
  store.record('doctor_flag', { wearer }, doctorFlagFields(flag), flag.lastNightEndMs ?? toMs);

  return { device, wearer, fromMs, toMs, episodes, summaries, flag };
}
