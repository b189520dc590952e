// A night's summary rebuilt from its own episodes, limb movements and signals, for stores that
// hold no `night_summary` record (older stores, a night cut by --from/--to).
import { POSTURES, type Cause, type Episode, type LimbMovement, type Posture, type Severity, type SignalPoint } from '../core/types.ts';
import { TAGGED } from './cramp-card.ts';
import type { ReportSummary } from './model.ts';
import { typicalStepMs } from './downsample.ts';
import { worseSeverity } from './words.ts';

/** WASM 2016 counts PLMs per hour of sleep; without sleep staging, per hour of recording. */
export function summaryFromData(episodes: readonly Episode[], limbMovements: readonly LimbMovement[], signals: readonly SignalPoint[]): ReportSummary {
  let totalCrampS = 0;
  let longestCrampS = 0;
  let worst: Severity | undefined;
  const causeCounts = new Map<Cause, number>();
  for (const e of episodes) {
    const s = e.duration_s ?? ((e.end ?? e.start) - e.start) / 1000;
    totalCrampS += s;
    if (s > longestCrampS) longestCrampS = s;
    worst = worseSeverity(worst, e.severity);
    for (const c of e.causes) if (c.confidence >= TAGGED) causeCounts.set(c.cause, (causeCounts.get(c.cause) ?? 0) + 1);
  }
  const { postureMs, recordedMs } = postureTime(signals);
  const periodic = limbMovements.filter((m) => m.periodic).length;
  return {
    cramps: episodes.length,
    totalCrampS,
    longestCrampS,
    worstSeverity: worst,
    limbMovements: limbMovements.length,
    periodicLimbMovements: periodic,
    plmIndexPerHour: recordedMs > 0 ? periodic / (recordedMs / 3_600_000) : undefined,
    recordedMs: recordedMs > 0 ? recordedMs : undefined,
    postureMs,
    causesSeen: [...causeCounts].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count),
    advice: [],
  };
}

/** Time per posture: each point stands for the interval up to the next one, capped at 3 steps (beyond is a gap). */
export function postureTime(signals: readonly SignalPoint[]): { postureMs: Record<Posture, number>; recordedMs: number } {
  const postureMs = Object.fromEntries(POSTURES.map((p) => [p, 0])) as Record<Posture, number>;
  const stepMs = typicalStepMs(signals);
  let recordedMs = 0;
  for (let i = 0; i < signals.length; i++) {
    const next = signals[i + 1];
    const dt = next && next.tMs - signals[i].tMs <= 3 * stepMs ? next.tMs - signals[i].tMs : stepMs;
    postureMs[signals[i].posture] += dt;
    recordedMs += dt;
  }
  return { postureMs, recordedMs };
}
