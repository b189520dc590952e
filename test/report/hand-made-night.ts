// A night built by hand, for rendering tests: one signal point a second from 22:30 to 06:30
// (UTC), two cramps, a PLM series, turning over, ankle and thigh sensors (knees curled on the left side), a loose-electrode spell, and
// data hostile to HTML in every free-text place.
import type { NightStore } from '../../src/adapters/store.ts';
import { ADVICE_FOR_CAUSE } from '../../src/causes/advice.ts';
import { doctorFlagFields } from '../../src/causes/doctor.ts';
import { nightSummaryFields, summarizeNight } from '../../src/causes/summary.ts';
import type { Episode, LimbMovement, Posture, SignalPoint } from '../../src/core/types.ts';

export const NIGHT_START_MS = Date.UTC(2026, 10, 25, 22, 30);
export const NIGHT_END_MS = Date.UTC(2026, 10, 26, 6, 30);
export const DEVICE = 'leg-01';
export const HOSTILE = `<script>alert("x")</script><img src="http://example.invalid/x.png">`;

export interface HandMadeNight {
  episodes: Episode[];
  signals: SignalPoint[];
  limbMovements: LimbMovement[];
}

const CRAMPS = [
  { start: Date.UTC(2026, 10, 26, 1, 12, 5), durationS: 74, severity: 'moderate', peak: 640 },
  { start: Date.UTC(2026, 10, 26, 4, 47, 30), durationS: 186, severity: 'severe', peak: 1210 },
] as const;

function postureAt(tMs: number): Posture {
  const h = (tMs - NIGHT_START_MS) / 3_600_000;
  if (h < 1.5) return 'supine';
  if (h < 3.2) return 'prone';
  if (h < 4.5) return 'left_side';
  if (h < 4.55) return 'upright';
  if (h < 6.4) return 'prone';
  return 'right_side';
}

/** Deterministic jitter (no Math.random: the same night every run). */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

export function handMadeNight(): HandMadeNight {
  const limbMovements: LimbMovement[] = [];
  // a PLM series: 40 movements 25 s apart from 23:40
  const plmStart = Date.UTC(2026, 10, 25, 23, 40);
  for (let k = 0; k < 40; k++) {
    const start = plmStart + k * 25_000;
    limbMovements.push({ device: DEVICE, muscle: 'tibialis_anterior', start, end: start + 1500, periodic: true });
  }
  for (const t of [Date.UTC(2026, 10, 26, 2, 40), Date.UTC(2026, 10, 26, 5, 58)]) {
    limbMovements.push({ device: DEVICE, muscle: 'tibialis_anterior', start: t, end: t + 3000, periodic: false });
  }

  const signals: SignalPoint[] = [];
  const gapFrom = Date.UTC(2026, 10, 26, 3, 0);
  const gapTo = gapFrom + 6 * 60_000;
  for (let t = NIGHT_START_MS, i = 0; t < NIGHT_END_MS; t += 1000, i++) {
    if (t >= gapFrom && t < gapTo) continue; // an outage: missing, not zero
    let gas = 3 + 2 * noise(i);
    let ta = 2.5 + 1.5 * noise(i + 7);
    for (const c of CRAMPS) {
      const into = (t - c.start) / 1000;
      if (into >= 0 && into < c.durationS) gas = c.peak * (0.6 + 0.4 * Math.abs(Math.sin(into / 9))) * (into < 2 ? into / 2 : 1);
    }
    for (const m of limbMovements) if (t >= m.start && t < m.end) ta = 40 + 30 * noise(i);
    const posture = postureAt(t);
    const h = (t - NIGHT_START_MS) / 3_600_000;
    const looseElectrode = h > 6.8 && h < 6.95;
    signals.push({
      device: DEVICE,
      tMs: t,
      envelopeUv: { gastrocnemius: looseElectrode ? 300 * noise(i) : gas, tibialis_anterior: ta },
      posture,
      ankleFlexionDeg: posture === 'prone' ? 38 + 6 * noise(i + 3) : 8 + 6 * noise(i + 3),
      kneeFlexionDeg: posture === 'left_side' ? 100 + 5 * noise(i + 5) : 12 + 5 * noise(i + 5),
      contact: looseElectrode ? 0.1 : 1,
      tempC: 32,
    });
  }

  const episodes: Episode[] = [];
  CRAMPS.forEach((c, n) => {
    const id = `${DEVICE}-${c.start}`;
    const base = {
      v: 1 as const,
      id,
      device: DEVICE,
      wearer: 'w-017',
      leg: 'left',
      muscle: 'gastrocnemius' as const,
      start: c.start,
      detected_at: c.start + 2500,
      peak_uv: c.peak,
      peak_mvc_pct: Math.round((c.peak / 1500) * 100),
      severity: c.severity,
      posture_before: postureAt(c.start - 60_000),
    };
    episodes.push({ ...base, event: 'open', causes: [] });
    episodes.push({
      ...base,
      event: 'close',
      end: c.start + c.durationS * 1000,
      duration_s: c.durationS,
      causes:
        n === 0
          ? [
              { cause: 'sleeping_position', confidence: 0.8, evidence: ['you slept on your stomach for 42 minutes before it started', 'your toes were pointed (38°) when it began'] },
              { cause: 'medication', confidence: 0.55, evidence: [`${HOSTILE} is a diuretic, which can lower salts that muscles need`] },
              { cause: 'dehydration_electrolytes', confidence: 0.3, evidence: ['you drank 1.4 L yesterday'] },
            ]
          : [
              { cause: 'sleeping_position', confidence: 0.7, evidence: ['you slept on your stomach for 95 minutes before it started'] },
              { cause: 'muscle_fatigue', confidence: 0.6, evidence: ['you walked 95 minutes at a brisk pace yesterday'] },
            ],
    });
  });
  return { episodes, signals, limbMovements };
}

/** Stored advice and reasons that differ from what would be rebuilt, so a test can tell which is shown. */
export const STORED_ADVICE = ['Drink water steadily through the day, not all at once in the evening.', ADVICE_FOR_CAUSE.sleeping_position];
export const STORED_REASONS = ['A severe cramp lasted 3 min 6 s on the night of 25 Nov.', `You take ${HOSTILE}; review your medicines with a doctor.`];

/**
 * The hand-made night written through any store (local folder, InfluxDB), with its summary and
 * doctor flag as records in src/causes' flat layout, as the pipeline stores them.
 */
export function storeHandMadeNight(store: NightStore): void {
  const night = handMadeNight();
  for (const e of night.episodes) store.episode(e);
  for (const p of night.signals) store.signal(p);
  for (const m of night.limbMovements) store.limbMovement(m);
  const closed = night.episodes.filter((e) => e.event === 'close');
  const stats = {
    device: DEVICE,
    fromMs: NIGHT_START_MS,
    toMs: NIGHT_END_MS,
    recordedMs: 7.9 * 3_600_000,
    postureMs: { supine: 3_600_000, prone: 3 * 3_600_000, left_side: 0, right_side: 0, upright: 0, unknown: 0 },
    limbMovements: 42,
    periodicLimbMovements: 40,
    plmIndexPerHour: 5.1,
    gapMs: 360_000,
  };
  const summary = { ...summarizeNight({ device: DEVICE, wearer: 'w-017', episodes: closed, stats }), advice: STORED_ADVICE };
  store.record('night_summary', { device: DEVICE, wearer: 'w-017' }, nightSummaryFields(summary), NIGHT_START_MS);
  const flag = { flag: true, reasons: STORED_REASONS, codes: [], nightsConsidered: 1, lastNightEndMs: NIGHT_END_MS };
  store.record('doctor_flag', { wearer: 'w-017' }, doctorFlagFields(flag), NIGHT_END_MS);
}
