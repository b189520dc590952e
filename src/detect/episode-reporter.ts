// Turns the cramp detector's open / progress / close into PROTOCOL §6 events: `open` at
// confirmation, `update` every 5 s of stream time while it lasts, `close` at the end; causes
// from src/causes on open and again on close (when duration and severity are known).
import type { CauseInput } from '../causes/index.ts';
import type { EarlierNight } from '../causes/facts.ts';
import type { CauseTag, ContextLog, CoreSink, Episode, Muscle, OnsetCircumstances, Posture, Profile } from '../core/types.ts';
import { crampSeverity } from './severity.ts';

const UPDATE_EVERY_MS = 5000;

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
    this.sink.episode({ ...episode, causes: [...episode.causes] });
  }

  progress(nowMs: number, peakUv: number): void {
    const episode = this.current;
    if (!episode || nowMs - this.lastUpdateMs < UPDATE_EVERY_MS) return;
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
    this.tonight.cramps++;
  }

  private fill(episode: Episode, endMs: number, peakUv: number): void {
    const end = Math.round(endMs);
    episode.end = end;
    episode.duration_s = round1((end - episode.start) / 1000);
    episode.peak_uv = round1(peakUv);
    const mvcUv = this.request?.profile.mvc_uv?.[episode.muscle];
    if (mvcUv) episode.peak_mvc_pct = Math.round((100 * peakUv) / mvcUv);
    episode.severity = crampSeverity(peakUv, episode.duration_s, mvcUv);
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
