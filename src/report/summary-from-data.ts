// A night's NightStats rebuilt from what a store kept (signals, limb movements), so that
// src/causes' summarizeNight can summarise a night that has no stored `night_summary` record
// (an older store, a night cut by --from/--to). Same summariser, same advice, live or not.
import type { NightStats } from '../core/device-core.ts';
import { POSTURES, type Episode, type LimbMovement, type Posture, type SignalPoint } from '../core/types.ts';
import { summarizeNight, type NightSummary } from '../causes/summary.ts';
import { typicalStepMs } from './downsample.ts';

/** Each signal point stands for the interval up to the next one; beyond 3 typical steps is a gap. */
export function nightStatsFromData(device: string, signals: readonly SignalPoint[], limbMovements: readonly LimbMovement[], fromMs: number, toMs: number): NightStats {
  const postureMs = Object.fromEntries(POSTURES.map((p) => [p, 0])) as Record<Posture, number>;
  const stepMs = typicalStepMs(signals);
  let recordedMs = 0;
  for (let i = 0; i < signals.length; i++) {
    const next = signals[i + 1];
    const dt = next && next.tMs - signals[i].tMs <= 3 * stepMs ? next.tMs - signals[i].tMs : stepMs;
    postureMs[signals[i].posture] += dt;
    recordedMs += dt;
  }
  const periodic = limbMovements.filter((m) => m.periodic).length;
  return {
    device,
    fromMs,
    toMs,
    recordedMs,
    postureMs,
    limbMovements: limbMovements.length,
    periodicLimbMovements: periodic,
    // WASM 2016 counts per hour of sleep; without sleep staging, per hour of recording
    plmIndexPerHour: recordedMs > 0 ? periodic / (recordedMs / 3_600_000) : 0,
    gapMs: Math.max(0, toMs - fromMs - recordedMs),
  };
}

export function summaryFromData(
  device: string,
  wearer: string | undefined,
  episodes: readonly Episode[],
  signals: readonly SignalPoint[],
  limbMovements: readonly LimbMovement[],
  fromMs: number,
  toMs: number,
): NightSummary {
  return summarizeNight({ device, wearer, episodes, stats: nightStatsFromData(device, signals, limbMovements, fromMs, toMs) });
}
