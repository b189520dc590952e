// One device's detector, the implementation of the DeviceCore port (src/core/device-core.ts):
// frames in, episodes, limb movements and one signal point a second out. Samples are cut into
// decision blocks (block-clock.ts); each block updates every channel's envelope and resting
// level, the body (accelerometers, posture), then each muscle group's cramp detector and the
// limb-movement detector. State is fixed-size for the whole night: filters, rings, counters.
import { ContextLogs } from '../causes/index.ts';
import type { DeviceCore, NightStats } from '../core/device-core.ts';
import type { ContextLog, CoreSink, Muscle, Posture, Profile, SampleFrame } from '../core/types.ts';
import { EmgConditioner } from '../dsp/emg-conditioner.ts';
import { BLOCK_MS, blockSpanMs, samplesPerBlock } from './block-clock.ts';
import { BodyState } from './body-state.ts';
import { channelLayout, sameMuscles } from './channel-layout.ts';
import { CrampEpisodes } from './cramp-episodes.ts';
import { EmgChannel } from './emg-channel.ts';
import { LimbMovementDetector, type LimbMovementState } from './limb-movements.ts';
import { NightStatistics } from './night-statistics.ts';
import { SignalAggregator } from './signal-aggregator.ts';

/** A frame whose time is off from where the last one ended by more than this many samples (or 5 ms) is a discontinuity. */
const CONTINUITY_SAMPLES = 3;
const CONTINUITY_MIN_MS = 5;

/** Everything that depends on the EMG layout (rate and channels); rebuilt when it changes. */
interface Stream {
  fsHz: number;
  channels: readonly Muscle[];
  emg: EmgChannel[];
  /** the channels' conditioners, in channel order (fed together, see processChannels) */
  conditioners: EmgConditioner[];
  /** per muscle group: its detector and episodes */
  groups: CrampEpisodes[];
  /** per channel: the group watching it, −1 for an antagonist only */
  groupOfChannel: Int8Array;
  /** per channel: its index among its group's channels, −1 for an antagonist only */
  indexInGroup: Int8Array;
  /** index of the tibialis anterior, −1 when absent */
  ta: number;
  blockSamples: number;
  /** what one block really spans, ms: the night's posture time adds these up */
  blockSpanMs: number;
  signals: SignalAggregator;
  meanSquares: Float64Array;
  ok: Uint8Array;
  /** per group: a cramp was open as this block began (the groups are stepped in turn; each sees the others as they were) */
  cramping: Uint8Array;
}

export class DeviceDetector implements DeviceCore {
  private profile: Profile = { v: 1 };
  private readonly contexts = new ContextLogs();
  private stream: Stream | undefined;
  private readonly body = new BodyState();
  private readonly night = new NightStatistics();
  private readonly lm: LimbMovementDetector;
  /** cramps reported so far tonight, over all muscle groups */
  private readonly tonight = { cramps: 0 };

  // block assembly
  private inBlock = 0;
  private blockStartMs = NaN;
  private nextSampleMs = NaN;
  private mainsSecond = NaN;
  private tempC: number | undefined;
  /** the posture at the last block, to tell the EMG channels when it changes */
  private lastPosture: Posture = 'unknown';
  private battery: number | undefined;

  constructor(
    readonly device: string,
    private readonly sink: CoreSink,
  ) {
    this.lm = new LimbMovementDetector((m) => {
      const muscle: Muscle = 'tibialis_anterior';
      sink.limbMovement({ device, muscle, start: Math.round(m.startMs), end: Math.round(m.endMs), periodic: m.periodic });
    });
  }

  setProfile(profile: Profile): void {
    this.profile = profile;
  }

  addContext(context: ContextLog): void {
    this.contexts.add(context);
  }

  pushFrame(frame: SampleFrame): void {
    const length = frame.emgUv[0]?.length ?? 0;
    if (length === 0) return;
    if (!this.stream || this.stream.fsHz !== frame.emgFsHz || !sameMuscles(this.stream.channels, frame.channels)) this.configure(frame);
    const stream = this.stream!;
    const periodMs = 1000 / stream.fsHz;
    // Frames whose time does not follow on (a clock jump, a gap nobody announced) restart the filters.
    if (this.nextSampleMs === this.nextSampleMs && Math.abs(frame.tMs - this.nextSampleMs) > Math.max(CONTINUITY_SAMPLES * periodMs, CONTINUITY_MIN_MS)) {
      if (frame.tMs > this.nextSampleMs) this.markGap(this.nextSampleMs, frame.tMs);
      else this.discontinuity();
    }
    this.night.frameStarts(frame.tMs);
    if (Number.isNaN(this.blockStartMs)) this.blockStartMs = frame.tMs;
    if (frame.tempC !== undefined) this.tempC = frame.tempC;
    if (frame.battery !== undefined) this.battery = frame.battery;
    this.body.loadFrame(frame);

    let i = 0;
    while (i < length) {
      const chunk = Math.min(length - i, stream.blockSamples - this.inBlock);
      EmgConditioner.processChannels(stream.conditioners, frame.emgUv, i, chunk);
      this.inBlock += chunk;
      i += chunk;
      if (this.inBlock === stream.blockSamples) {
        const blockEndMs = frame.tMs + i * periodMs;
        this.body.feedUntil(blockEndMs);
        this.endBlock(stream, this.blockStartMs);
        this.inBlock = 0;
        this.blockStartMs = blockEndMs;
      }
    }
    this.body.feedUntil(Infinity);
    this.nextSampleMs = frame.tMs + length * periodMs;
    this.night.frameEnded(this.nextSampleMs, length, periodMs);
  }

  markGap(fromMs: number, toMs: number): void {
    this.night.gap(fromMs, toMs);
    this.discontinuity();
    const stream = this.stream;
    if (!stream) return;
    for (const group of stream.groups) this.report(group, group.detector.gap(fromMs, toMs), fromMs);
    this.lm.gap();
  }

  finish(): void {
    const stream = this.stream;
    if (!stream) return;
    const point = stream.signals.flush();
    if (point) this.sink.signal(point);
    const lastMs = Number.isNaN(this.night.lastMs) ? 0 : this.night.lastMs;
    for (const group of stream.groups) {
      this.report(group, group.detector.finish(lastMs), lastMs);
      group.finish();
    }
    this.lm.finish();
  }

  nightStats(): NightStats {
    return this.night.summary(this.device, this.lm.limbMovements, this.lm.periodicLimbMovements, { posture: this.body.posture, ms: this.partialBlockMs() });
  }

  /** the unfinished block is about to be dropped, but its samples were recorded: their posture time counts */
  private countPartialBlock(): void {
    this.night.postureFor(this.body.posture, this.partialBlockMs());
  }

  /** the time of the samples taken since the last whole block */
  private partialBlockMs(): number {
    return this.stream ? (this.inBlock * 1000) / this.stream.fsHz : 0;
  }

  nightState(): unknown {
    return { lm: this.lm.state() };
  }

  continueNight(state: unknown): void {
    const lm = (state as { lm?: LimbMovementState } | undefined)?.lm;
    if (lm && Array.isArray(lm.pendingStart) && Array.isArray(lm.pendingEnd)) this.lm.restore(lm);
  }

  // ---- internals ----

  private configure(frame: SampleFrame): void {
    if (this.stream) {
      // a new layout mid-night: close what was open on the old one
      this.finish();
      this.countPartialBlock();
    }
    const emg = frame.channels.map((m) => new EmgChannel(m, frame.emgFsHz));
    const layout = channelLayout(frame.channels);
    const groupOfChannel = new Int8Array(emg.length).fill(-1);
    const indexInGroup = new Int8Array(emg.length).fill(-1);
    layout.groups.forEach((g, k) =>
      g.channels.forEach((c, i) => {
        groupOfChannel[c] = k;
        indexInGroup[c] = i;
      }),
    );
    this.stream = {
      fsHz: frame.emgFsHz,
      channels: layout.muscles,
      emg,
      conditioners: emg.map((channel) => channel.conditioner),
      groups: layout.groups.map((g) => new CrampEpisodes(g, layout.muscles, this.device, this.sink, this.tonight)),
      groupOfChannel,
      indexInGroup,
      ta: layout.tibialisAnterior,
      blockSamples: samplesPerBlock(frame.emgFsHz),
      blockSpanMs: blockSpanMs(frame.emgFsHz),
      signals: new SignalAggregator(this.device, frame.channels),
      meanSquares: new Float64Array(emg.length),
      ok: new Uint8Array(emg.length),
      cramping: new Uint8Array(layout.groups.length),
    };
    this.inBlock = 0;
    this.blockStartMs = NaN;
    this.nextSampleMs = NaN;
  }

  private discontinuity(): void {
    const stream = this.stream;
    this.countPartialBlock();
    if (stream) {
      for (const channel of stream.emg) channel.restart();
      const point = stream.signals.flush();
      if (point) this.sink.signal(point);
    }
    this.body.restart();
    this.inBlock = 0;
    this.blockStartMs = NaN;
    this.nextSampleMs = NaN;
  }

  private endBlock(stream: Stream, tMs: number): void {
    const emg = stream.emg;
    const second = Math.floor(tMs / 1000);
    if (second !== this.mainsSecond) {
      this.mainsSecond = second;
      for (let c = 0; c < emg.length; c++) emg[c].conditioner.endMainsWindow();
    }
    // the body as the last block left it: still when not moving and not on its feet (a floor
    // seen then is an electrode's, not a working muscle's; EmgChannel.floorUv)
    const bodyStill = !this.body.moving && !this.body.upright;
    for (let c = 0; c < emg.length; c++) {
      const channel = emg[c];
      // a muscle's resting level is learnt only while its group has no cramp in view
      channel.endBlock(this.mayLearn(stream, c, false), this.mayLearn(stream, c, true), bodyStill);
      stream.meanSquares[c] = channel.rmsUv * channel.rmsUv;
      stream.ok[c] = channel.ok && channel.restUv === channel.restUv ? 1 : 0;
    }
    this.body.endBlock(tMs);
    const posture = this.body.posture;
    if (posture !== this.lastPosture) {
      if (this.lastPosture !== 'unknown' && posture !== 'unknown') for (const channel of emg) channel.postureChanged();
      this.lastPosture = posture;
    }

    // indexed loops here and in mayLearn, not for-of: fewer instructions in V8's optimised code,
    // several loops a block (callgrind, bench/RESULTS.md issue 12)
    let anyOpen = false;
    const groups = stream.groups;
    for (let k = 0; k < groups.length; k++) stream.cramping[k] = groups[k].detector.state === 'open' ? 1 : 0;
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k];
      this.report(group, group.step(tMs, emg, stream.ok, this.body, stream.cramping), tMs + BLOCK_MS);
      if (group.detector.state === 'open') anyOpen = true;
    }

    const ta = stream.ta >= 0 ? emg[stream.ta] : undefined;
    if (ta && stream.ok[stream.ta]) {
      this.lm.step(tMs, BLOCK_MS, ta.levelUv, ta.restUv, anyOpen || this.body.upright);
    }

    this.night.postureFor(this.body.posture, stream.blockSpanMs);
    let mains = 0;
    for (let c = 0; c < emg.length; c++) mains = Math.max(mains, emg[c].conditioner.mains.lineMeanSquare);
    const point = stream.signals.add(tMs, stream.meanSquares, stream.ok, mains, this.body.ankleDeg, this.body.posture, this.tempC, this.battery, this.body.kneeDeg);
    if (point) this.sink.signal(point);
  }

  /**
   * Whether channel c's resting level may learn from this block: with `relearn` false, while its
   * group is idle (a candidate may be a cramp) or while its floor is known to trail the contact's
   * (CrampDetector.restTrails); with `relearn` true (start afresh after hum), while no cramp is
   * open. An antagonist-only channel follows every group.
   */
  private mayLearn(stream: Stream, c: number, relearn: boolean): boolean {
    const own = stream.groupOfChannel[c];
    if (own >= 0) return allowsLearning(stream.groups[own], relearn) || (!relearn && stream.groups[own].detector.restTrails(stream.indexInGroup[c]));
    const groups = stream.groups;
    for (let k = 0; k < groups.length; k++) if (!allowsLearning(groups[k], relearn)) return false;
    return true;
  }

  private report(group: CrampEpisodes, change: ReturnType<CrampEpisodes['step']>, nowMs: number): void {
    group.report(change, nowMs, this.body, this.profile, this.contexts);
  }
}

/**
 * Whether a group lets its channels' resting levels learn (see mayLearn). A function of its own,
 * not a closure made per call (twice a channel a block): under tsx, which the benches run, each
 * such closure also went through esbuild's naming helper (`__name`, Object.defineProperty), more
 * than half of the detector's time there (bench/RESULTS.md, issue 12).
 */
function allowsLearning(group: CrampEpisodes, relearn: boolean): boolean {
  return relearn ? group.detector.state !== 'open' : group.detector.state === 'idle';
}
