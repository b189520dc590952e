// The glue between one muscle group's CrampDetector and the episode events (PROTOCOL §6): the
// group's input, filled from the device's channels each block, and what each state change means
// for the episode (open with its circumstances and causes, update, close).
import { inferCauses, type ContextLogs } from '../causes/index.ts';
import { isQuiet, muscleEmgUv } from './activity.ts';
import type { CoreSink, Profile } from '../core/types.ts';
import type { BodyState } from './body-state.ts';
import type { GroupChannels } from './channel-layout.ts';
import { CrampDetector, type CrampChange } from './cramp-detector.ts';
import { CrampInput } from './cramp-input.ts';
import type { EmgChannel } from './emg-channel.ts';
import { EpisodeReporter } from './episode-reporter.ts';
import type { Muscle } from '../core/types.ts';

/** circumstances are read a little before the back-dated onset: the cramp's first seconds move the leg */
const BODY_BEFORE_ONSET_MS = 2000;

export class CrampEpisodes {
  readonly detector: CrampDetector;
  private readonly input: CrampInput;
  private readonly reporter: EpisodeReporter;

  constructor(
    private readonly group: GroupChannels,
    muscles: readonly Muscle[],
    device: string,
    sink: CoreSink,
    tonight: { cramps: number },
  ) {
    const groupMuscles = group.channels.map((k) => muscles[k]);
    this.detector = new CrampDetector(group.rules, groupMuscles);
    this.input = new CrampInput(groupMuscles.length);
    this.reporter = new EpisodeReporter(device, sink, tonight);
  }

  /**
   * One block: the group's channels (`ok` per device channel) and the body, into its detector;
   * `cramping`: per group of the device, a cramp was open as the block began.
   */
  step(tMs: number, emg: readonly EmgChannel[], ok: Uint8Array, body: BodyState, cramping: Uint8Array): CrampChange {
    const input = this.input;
    const channels = this.group.channels;
    input.tMs = tMs;
    input.humAppeared = false;
    input.humUnnotched = false;
    input.notchStarted = false;
    for (let k = 0; k < channels.length; k++) {
      const channel = emg[channels[k]];
      if (channel.humAppeared) input.humAppeared = true;
      if (channel.humUnnotched) input.humUnnotched = true;
      if (channel.notchStarted) input.notchStarted = true;
      input.suspect[k] = channel.suspect ? 1 : 0;
      input.looseLately[k] = channel.looseLately ? 1 : 0;
      input.refilling[k] = channel.refilling ? 1 : 0;
      input.levelUv[k] = channel.levelUv;
      input.restUv[k] = channel.restUv;
      input.floorUv[k] = channel.floorUv;
      input.envelopeUv[k] = channel.envelopeUv;
      input.addedDiffRatio[k] = channel.addedDiffRatio;
      input.ok[k] = ok[channels[k]];
    }
    input.antagonistLevelUv = strongestOf(this.group.antagonists, emg, ok, true);
    input.partnerLevelUv = strongestOf(this.group.partners, emg, ok);
    input.ankleDeg = body.ankleDeg;
    input.moving = body.moving;
    input.stirring = body.stirring;
    input.upright = body.upright;
    input.antagonistCramping = false;
    const antagonistGroups = this.group.antagonistGroups;
    for (let j = 0; j < antagonistGroups.length; j++) if (cramping[antagonistGroups[j]]) input.antagonistCramping = true;
    return this.detector.step(input);
  }

  /**
   * What a change means for the episode; `nowMs` paces the updates of an open one and sends a
   * held close (EpisodeReporter.RESUME_WITHIN_MS) once nothing can resume it.
   */
  report(change: CrampChange, nowMs: number, body: BodyState, profile: Profile, contexts: ContextLogs): void {
    const cramp = this.detector;
    const reporter = this.reporter;
    if (change === 'open') {
      // the same group gripping again soon after its cramp ended: that cramp goes on
      if (reporter.resumesAt(cramp.startMs)) return reporter.resume(nowMs, cramp.peakUv);
      reporter.closeHeld(nowMs, NaN, true);
      const before = body.history.at(cramp.startMs - BODY_BEFORE_ONSET_MS) ?? body.history.at(cramp.startMs);
      reporter.open({
        muscle: cramp.muscles[cramp.channel],
        startMs: cramp.startMs,
        detectedAtMs: cramp.detectedAtMs,
        peakUv: cramp.peakUv,
        body: before,
        profile,
        context: contexts.latest(),
        earlierDays: contexts.earlierDays(),
        infer: inferCauses,
      });
    } else if (change === 'close') {
      reporter.ended(cramp.endMs, cramp.peakUv, cramp.endedOverFloor);
    } else if (cramp.state === 'open') {
      reporter.progress(nowMs, cramp.peakUv);
    } else {
      // a candidate that could resume the cramp holds its close back until it has been judged
      const judging = nowMs < cramp.judgedByMs;
      reporter.closeHeld(nowMs, judging ? cramp.startMs : NaN);
    }
  }

  /** The stream ended: a held close goes out now. */
  finish(): void {
    this.reporter.closeHeld(Infinity, NaN, true);
  }
}

/**
 * The strongest readable muscle among these channels: its own EMG above its electrode's floor
 * (activity.ts), µV; NaN when none is readable. `quietRests`: a muscle whose envelope is in its
 * quiet band is at rest and does no work (0). Over a dry contact the floor is a 20th percentile
 * of noise that wanders with pressure and moisture (Searle & Kirkup 2000), so a resting muscle's
 * envelope sits 1.1-1.4x over it and "works" 0.5-0.9x its floor: on a 13-16 µV floor as much as
 * half a weak cramp's own EMG. Asked of the antagonists, whose work at onset is evidence against a
 * cramp (OnsetTally): dry dev seed 711285 (cw-61, 6481 s), a 74 s gastrocnemius cramp of ~21 µV own
 * EMG was turned down by the 2 : 1 rule for a tibialis at rest (2 µV in the simulator) "working"
 * 2-18 µV, 11 on average over the onset; quiet, it counts 0 and the cramp is found at 5 s.
 */
function strongestOf(indices: readonly number[], emg: readonly EmgChannel[], ok: Uint8Array, quietRests = false): number {
  let strongest = NaN;
  // indexed, not for-of: fewer instructions in V8's optimised code (device-detector.ts)
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!ok[k]) continue;
    const channel = emg[k];
    const level = quietRests && isQuiet(channel.levelUv, channel.restUv, channel.floorUv) ? 0 : muscleEmgUv(channel.levelUv, channel.floorUv);
    if (!(level <= strongest)) strongest = level;
  }
  return strongest;
}
