// Turns the cramp detector's open / progress / close into PROTOCOL §6 events: `open` at
// confirmation, `update` every 5 s of stream time while it lasts, `close` at the end; causes
// from src/causes on open and again on close (when duration and severity are known). The close
// is held back for a while after the end (RESUME_WITHIN_MS, RESUME_OVER_FLOOR_MS): a cramp of
// the same muscle group that sets in within it is this one going on (resume), not a new episode.
import type { CauseInput } from '../causes/index.ts';
import type { EarlierNight } from '../causes/facts.ts';
import type { CauseTag, ContextLog, CoreSink, Episode, Muscle, OnsetCircumstances, Posture, Profile } from '../core/types.ts';
import { crampSeverity } from './severity.ts';
import { WEAK_AFTER_CRAMP_MS } from './weak-cramp.ts';

const UPDATE_EVERY_MS = 5000;
/**
 * A calf cramp eases and grips again, and may pass from the gastrocnemius to the soleus beside
 * it (both plantar flexors on one tendon). The wearer feels one cramp, the muscle hard and sore
 * between its grips (Miller & Layzer 2005, Muscle Nerve 32:431). A cramp of the same group that
 * sets in (its back-dated onset) within this of the last one's end continues that episode. Two
 * cramps felt apart are farther apart than this: the sleeper stretches, settles and drifts off.
 */
export const RESUME_WITHIN_MS = 10_000;
/**
 * Over a dry or textile contact's floor (EmgChannel.floorUv) the end itself is uncertain: a
 * cramp's weak stretches, 20–30 µV, sink under the floor's quiet ceiling for many seconds while
 * the muscle still cramps. There the detector already takes a weak contraction within a minute
 * of a cramp for its tail (WEAK_AFTER_CRAMP_MS); a stronger grip within that minute is the same
 * cramp seen again.
 */
export const RESUME_OVER_FLOOR_MS = WEAK_AFTER_CRAMP_MS;

export interface BodyBefore {
  posture: Posture;
  postureSinceMs: number;
  stillSinceMs: number;
  ankleDeg: number;
  ankleFlexedSinceMs: number;
  kneeDeg: number;
  kneeCurledSinceMs: number;
}

export interface OpenRequest {
  muscle: Muscle;
  startMs: number;
  detectedAtMs: number;
  peakUv: number;
  body: BodyBefore | undefined;
  profile: Profile;
  context: ContextLog | undefined;
  /** the days before the context log's, oldest first (the "usual" activity) */
  earlierDays: readonly EarlierNight[];
  infer: (input: CauseInput) => CauseTag[];
}

export class EpisodeReporter {
  private current: Episode | undefined;
  private circumstances: OnsetCircumstances | undefined;
  private request: OpenRequest | undefined;
  private lastUpdateMs = 0;
  /** where the open episode's cramp ended, its close held back (RESUME_WITHIN_MS); NaN while it goes on */
  private endedAtMs = NaN;
  private endedPeakUv = 0;
  /** how long after endedAtMs a cramp resumes it (RESUME_WITHIN_MS or RESUME_OVER_FLOOR_MS) */
  private resumeWithinMs = RESUME_WITHIN_MS;
  /** the highest peak of the episode's earlier grips, µV (each grip's detector starts its peak afresh) */
  private earlierPeakUv = 0;

  /** `tonight` is shared by the reporters of one device's muscle groups */
  constructor(
    private readonly device: string,
    private readonly sink: CoreSink,
    private readonly tonight: { cramps: number } = { cramps: 0 },
  ) {}

  open(request: OpenRequest): void {
    const { muscle, startMs, detectedAtMs, peakUv, body, profile } = request;
    const start = Math.round(startMs);
    const mvcUv = profile.mvc_uv?.[muscle];
    const posture = body?.posture ?? 'unknown';
    const circumstances: OnsetCircumstances = {
      onsetMs: start,
      muscle,
      postureBefore: posture,
      postureHeldMin: body ? minutes(startMs - body.postureSinceMs) : 0,
      stillMin: body ? minutes(startMs - body.stillSinceMs) : 0,
      crampsEarlierTonight: this.tonight.cramps,
    };
    if (body && body.ankleDeg === body.ankleDeg) {
      circumstances.ankleFlexionDeg = Math.round(body.ankleDeg);
      circumstances.ankleFlexedHeldMin = body.ankleFlexedSinceMs === body.ankleFlexedSinceMs ? minutes(startMs - body.ankleFlexedSinceMs) : 0;
    }
    if (body && body.kneeDeg === body.kneeDeg) {
      circumstances.kneeFlexionDeg = Math.round(body.kneeDeg);
      circumstances.kneeCurledHeldMin = body.kneeCurledSinceMs === body.kneeCurledSinceMs ? minutes(startMs - body.kneeCurledSinceMs) : 0;
    }
    const durationS = Math.max(0, (detectedAtMs - startMs) / 1000);
    const episode: Episode = {
      v: 1,
      event: 'open',
      id: `${this.device}-${start}`,
      device: this.device,
      muscle,
      start,
      detected_at: Math.round(detectedAtMs),
      peak_uv: round1(peakUv),
      severity: crampSeverity(peakUv, durationS, mvcUv),
      posture_before: posture,
      causes: safeCauses(request, circumstances),
    };
    if (profile.wearer !== undefined) episode.wearer = profile.wearer;
    if (profile.leg !== undefined) episode.leg = profile.leg;
    if (mvcUv) episode.peak_mvc_pct = Math.round((100 * peakUv) / mvcUv);
    this.current = episode;
    this.circumstances = circumstances;
    this.request = request;
    this.lastUpdateMs = detectedAtMs;
    this.endedAtMs = NaN;
    this.earlierPeakUv = 0;
    this.sink.episode({ ...episode, causes: [...episode.causes] });
  }

  /** An episode ended, its close held back: a cramp with an onset this early would resume it. */
  resumesAt(onsetMs: number): boolean {
    return this.current !== undefined && onsetMs - this.endedAtMs <= this.resumeWithinMs;
  }

  /** The cramp grips again (resumesAt): the same episode goes on, with its earlier peak kept. */
  resume(nowMs: number, peakUv: number): void {
    this.earlierPeakUv = Math.max(this.earlierPeakUv, this.endedPeakUv);
    this.endedAtMs = NaN;
    this.progress(nowMs, peakUv);
  }

  /**
   * The cramp ended at endMs; its close goes out once no cramp resumed it (closeHeld).
   * `overFloor`: it ended over a contact's floor, where its end is uncertain (RESUME_OVER_FLOOR_MS).
   */
  ended(endMs: number, peakUv: number, overFloor: boolean): void {
    if (!this.current) return;
    this.endedAtMs = endMs;
    this.endedPeakUv = peakUv;
    this.resumeWithinMs = overFloor ? RESUME_OVER_FLOOR_MS : RESUME_WITHIN_MS;
  }

  /**
   * Sends the held close once nothing can resume it: `nowMs` past the margin, and no onset within
   * the margin still being judged (`pendingOnsetMs`, NaN when none). `force` at the stream's end.
   */
  closeHeld(nowMs: number, pendingOnsetMs: number, force = false): void {
    if (!this.current || this.endedAtMs !== this.endedAtMs) return;
    if (!force && (nowMs - this.endedAtMs < this.resumeWithinMs || this.resumesAt(pendingOnsetMs))) return;
    this.close(this.endedAtMs, this.endedPeakUv);
  }

  progress(nowMs: number, peakUv: number): void {
    const episode = this.current;
    if (!episode || this.endedAtMs === this.endedAtMs || nowMs - this.lastUpdateMs < UPDATE_EVERY_MS) return;
    this.lastUpdateMs = nowMs;
    this.fill(episode, nowMs, peakUv);
    this.sink.episode({ ...episode, event: 'update', causes: [...episode.causes] });
  }

  close(endMs: number, peakUv: number): void {
    const episode = this.current;
    if (!episode) return;
    this.fill(episode, endMs, peakUv);
    const request = this.request!;
    const circumstances = { ...this.circumstances!, durationS: episode.duration_s, severity: episode.severity };
    episode.causes = safeCauses(request, circumstances);
    this.sink.episode({ ...episode, event: 'close' });
    this.current = undefined;
    this.endedAtMs = NaN;
    this.tonight.cramps++;
  }

  private fill(episode: Episode, endMs: number, peakUv: number): void {
    const end = Math.round(endMs);
    episode.end = end;
    episode.duration_s = round1((end - episode.start) / 1000);
    const peak = Math.max(peakUv, this.earlierPeakUv);
    episode.peak_uv = round1(peak);
    const mvcUv = this.request?.profile.mvc_uv?.[episode.muscle];
    if (mvcUv) episode.peak_mvc_pct = Math.round((100 * peak) / mvcUv);
    episode.severity = crampSeverity(peak, episode.duration_s, mvcUv);
  }
}

/** Causes are advice on top of the detection: a failing rule must never lose the episode. */
function safeCauses(request: OpenRequest, circumstances: OnsetCircumstances): CauseTag[] {
  try {
    return request.infer({ circumstances, profile: request.profile, context: request.context, recentNights: request.earlierDays });
  } catch {
    return [];
  }
}

function minutes(ms: number): number {
  return ms > 0 ? Math.round(ms / 6000) / 10 : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
