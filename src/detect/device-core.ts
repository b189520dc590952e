// One device's detector: frames in, episodes, limb movements and one signal point a second out.
// Samples are cut into 50-ms decision blocks (20 Hz); each block updates every channel's
// envelope and resting level, the accelerometers, posture, then the cramp and LM detectors.
// State is fixed-size for the whole night: filters, rings, counters.
import { ContextLogs, inferCauses } from '../causes/index.ts';
import type { DeviceCore, NightStats } from '../core/device-core.ts';
import { POSTURES, type AccBlock, type ContextLog, type CoreSink, type Muscle, type Posture, type Profile, type SampleFrame } from '../core/types.ts';
import { AccelTracker } from '../dsp/accel-tracker.ts';
import { EmgConditioner } from '../dsp/emg-conditioner.ts';
import { ankleFlexionDeg } from '../dsp/ankle.ts';
import { postureFromGravity } from '../dsp/posture.ts';
import { LogQuantileTracker } from '../dsp/quantile-tracker.ts';
import { BodyHistory } from './body-history.ts';
import { BLOCK_MS, CrampDetector, CrampInput, type CrampChange } from './cramp-detector.ts';
import { EmgChannel } from './emg-channel.ts';
import { EpisodeReporter } from './episode-reporter.ts';
import { LimbMovementDetector } from './limb-movements.ts';
import { SignalAggregator } from './signal-aggregator.ts';

/** Motion: mean |a − g| above max(30 mg, 3× its resting level) (sensor noise is a few mg). */
const MOVING_MIN_MG = 30;
const MOVING_RATIO = 3;
/** A new posture counts once held this long (turning over takes 1–5 s). */
const POSTURE_HOLD_MS = 3000;
/** Plantar flexion beyond this is "toes pointed" for the cause rules (PROTOCOL §6 example). */
const ANKLE_FLEXED_DEG = 30;

interface Stream {
  fsHz: number;
  channels: readonly Muscle[];
  emg: EmgChannel[];
  /** the channels' conditioners, in channel order (fed together, see processChannels) */
  conditioners: EmgConditioner[];
  /** indices into emg of the cramp-capable (calf) channels, and of the tibialis anterior */
  calf: number[];
  ta: number;
  blockSamples: number;
  crampInput: CrampInput;
  cramp: CrampDetector;
  signals: SignalAggregator;
  meanSquares: Float64Array;
  ok: Uint8Array;
}

export class CrampDeviceCore implements DeviceCore {
  private profile: Profile = { v: 1 };
  private readonly contexts = new ContextLogs();
  private stream: Stream | undefined;
  private readonly shank = new AccelTracker(50);
  private readonly foot = new AccelTracker(50);
  private readonly motionRest = new LogQuantileTracker(0.3, 0.01);
  private readonly history = new BodyHistory();
  private readonly lm: LimbMovementDetector;
  private readonly reporter: EpisodeReporter;

  // block assembly
  private inBlock = 0;
  private blockStartMs = NaN;
  private nextSampleMs = NaN;
  private accBlock: AccBlock | undefined;
  private accIndex = 0;
  private footBlock: AccBlock | undefined;
  private footIndex = 0;

  // body state
  private posture: Posture = 'unknown';
  private postureSinceMs = NaN;
  private pendingPosture: Posture = 'unknown';
  private pendingSinceMs = NaN;
  private stillSinceMs = NaN;
  private moving = false;
  private ankleDeg = NaN;
  private ankleFlexedSinceMs = NaN;
  private lastHistorySecond = NaN;
  private mainsSecond = NaN;
  private tempC: number | undefined;
  private battery: number | undefined;

  // night statistics
  private fromMs = NaN;
  private toMs = NaN;
  private recordedMs = 0;
  private gapMs = 0;
  private readonly postureMs = new Float64Array(POSTURES.length);

  constructor(
    readonly device: string,
    private readonly sink: CoreSink,
  ) {
    this.lm = new LimbMovementDetector((m) => {
      const muscle: Muscle = 'tibialis_anterior';
      sink.limbMovement({ device, muscle, start: Math.round(m.startMs), end: Math.round(m.endMs), periodic: m.periodic });
    });
    this.reporter = new EpisodeReporter(device, sink);
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
    if (!this.stream || this.stream.fsHz !== frame.emgFsHz || !sameChannels(this.stream.channels, frame.channels)) this.configure(frame);
    const stream = this.stream!;
    const periodMs = 1000 / stream.fsHz;
    // Frames whose time does not follow on (a clock jump, a gap nobody announced) restart the filters.
    if (this.nextSampleMs === this.nextSampleMs && Math.abs(frame.tMs - this.nextSampleMs) > Math.max(3 * periodMs, 5)) {
      if (frame.tMs > this.nextSampleMs) this.markGap(this.nextSampleMs, frame.tMs);
      else this.discontinuity();
    }
    if (Number.isNaN(this.fromMs)) this.fromMs = frame.tMs;
    if (Number.isNaN(this.blockStartMs)) this.blockStartMs = frame.tMs;
    if (frame.tempC !== undefined) this.tempC = frame.tempC;
    if (frame.battery !== undefined) this.battery = frame.battery;
    this.accBlock = frame.acc;
    this.accIndex = 0;
    this.footBlock = frame.foot;
    this.footIndex = 0;
    if (frame.acc) this.shank.setRate(frame.acc.fsHz);
    if (frame.foot) this.foot.setRate(frame.foot.fsHz);

    let i = 0;
    while (i < length) {
      const chunk = Math.min(length - i, stream.blockSamples - this.inBlock);
      EmgConditioner.processChannels(stream.conditioners, frame.emgUv, i, chunk);
      this.inBlock += chunk;
      i += chunk;
      if (this.inBlock === stream.blockSamples) {
        const blockEndMs = frame.tMs + i * periodMs;
        this.feedAccelerometers(blockEndMs);
        this.endBlock(stream, this.blockStartMs);
        this.inBlock = 0;
        this.blockStartMs = blockEndMs;
      }
    }
    this.feedAccelerometers(Infinity);
    this.nextSampleMs = frame.tMs + length * periodMs;
    this.toMs = this.nextSampleMs;
    this.recordedMs += length * periodMs;
  }

  markGap(fromMs: number, toMs: number): void {
    if (toMs > fromMs) this.gapMs += toMs - fromMs;
    this.discontinuity();
    const stream = this.stream;
    if (!stream) return;
    this.report(stream, stream.cramp.gap(fromMs, toMs), fromMs);
    this.lm.gap();
  }

  finish(): void {
    const stream = this.stream;
    if (!stream) return;
    const point = stream.signals.flush();
    if (point) this.sink.signal(point);
    const lastMs = Number.isNaN(this.toMs) ? 0 : this.toMs;
    this.report(stream, stream.cramp.finish(lastMs), lastMs);
    this.lm.finish();
  }

  nightStats(): NightStats {
    const postureMs = {} as Record<Posture, number>;
    POSTURES.forEach((p, k) => (postureMs[p] = Math.round(this.postureMs[k])));
    const hours = this.recordedMs / 3_600_000;
    return {
      device: this.device,
      fromMs: Number.isNaN(this.fromMs) ? 0 : Math.round(this.fromMs),
      toMs: Number.isNaN(this.toMs) ? 0 : Math.round(this.toMs),
      recordedMs: Math.round(this.recordedMs),
      postureMs,
      limbMovements: this.lm.limbMovements,
      periodicLimbMovements: this.lm.periodicLimbMovements,
      plmIndexPerHour: hours > 0 ? this.lm.periodicLimbMovements / hours : 0,
      gapMs: Math.round(this.gapMs),
    };
  }

  // ---- internals ----

  private configure(frame: SampleFrame): void {
    if (this.stream) {
      // a new layout mid-night: close what was open on the old one
      this.finish();
    }
    const emg = frame.channels.map((m) => new EmgChannel(m, frame.emgFsHz));
    const calf: number[] = [];
    let ta = -1;
    frame.channels.forEach((m, k) => {
      if (m === 'tibialis_anterior') ta = k;
      else calf.push(k);
    });
    this.stream = {
      fsHz: frame.emgFsHz,
      channels: [...frame.channels],
      emg,
      conditioners: emg.map((channel) => channel.conditioner),
      calf,
      ta,
      blockSamples: Math.max(1, Math.round((frame.emgFsHz * BLOCK_MS) / 1000)),
      crampInput: new CrampInput(calf.length),
      cramp: new CrampDetector(calf.length),
      signals: new SignalAggregator(this.device, frame.channels),
      meanSquares: new Float64Array(emg.length),
      ok: new Uint8Array(emg.length),
    };
    this.inBlock = 0;
    this.blockStartMs = NaN;
    this.nextSampleMs = NaN;
  }

  private discontinuity(): void {
    const stream = this.stream;
    if (stream) {
      for (const channel of stream.emg) channel.restart();
      const point = stream.signals.flush();
      if (point) this.sink.signal(point);
    }
    this.shank.restart();
    this.foot.restart();
    this.inBlock = 0;
    this.blockStartMs = NaN;
    this.nextSampleMs = NaN;
  }

  private feedAccelerometers(untilMs: number): void {
    const acc = this.accBlock;
    if (acc) {
      const period = 1000 / acc.fsHz;
      const mg = acc.mg;
      const n = mg.length / 3;
      while (this.accIndex < n && acc.tMs + this.accIndex * period < untilMs) {
        const k = 3 * this.accIndex;
        this.shank.next(mg[k], mg[k + 1], mg[k + 2]);
        this.accIndex++;
      }
    }
    const foot = this.footBlock;
    if (foot) {
      const period = 1000 / foot.fsHz;
      const mg = foot.mg;
      const n = mg.length / 3;
      while (this.footIndex < n && foot.tMs + this.footIndex * period < untilMs) {
        const k = 3 * this.footIndex;
        this.foot.next(mg[k], mg[k + 1], mg[k + 2]);
        this.footIndex++;
      }
    }
  }

  private endBlock(stream: Stream, tMs: number): void {
    const cramp = stream.cramp;
    const learn = cramp.state === 'idle';
    const emg = stream.emg;
    const second = Math.floor(tMs / 1000);
    if (second !== this.mainsSecond) {
      this.mainsSecond = second;
      for (let c = 0; c < emg.length; c++) emg[c].conditioner.endMainsWindow();
    }
    for (let c = 0; c < emg.length; c++) {
      const channel = emg[c];
      channel.endBlock(learn, cramp.state !== 'open');
      stream.meanSquares[c] = channel.rmsUv * channel.rmsUv;
      stream.ok[c] = channel.ok && channel.restUv === channel.restUv ? 1 : 0;
    }
    this.updateBody(tMs);

    const input = stream.crampInput;
    input.tMs = tMs;
    input.humAppeared = false;
    for (let k = 0; k < stream.calf.length; k++) {
      const channel = emg[stream.calf[k]];
      if (channel.humAppeared) input.humAppeared = true;
      input.suspect[k] = channel.suspect ? 1 : 0;
      input.levelUv[k] = channel.levelUv;
      input.restUv[k] = channel.restUv;
      input.envelopeUv[k] = channel.envelopeUv;
      input.ok[k] = stream.ok[stream.calf[k]];
    }
    const ta = stream.ta >= 0 ? emg[stream.ta] : undefined;
    input.taLevelUv = ta && stream.ok[stream.ta] ? ta.levelUv : NaN;
    input.moving = this.moving;
    input.upright = this.posture === 'upright';
    this.report(stream, cramp.step(input), tMs + BLOCK_MS);

    if (ta && stream.ok[stream.ta]) {
      this.lm.step(tMs, BLOCK_MS, ta.levelUv, ta.restUv, cramp.state === 'open' || this.posture === 'upright');
    }

    this.postureMs[POSTURES.indexOf(this.posture)] += BLOCK_MS;
    let mains = 0;
    for (const channel of emg) mains = Math.max(mains, channel.conditioner.mains.lineMeanSquare);
    const point = stream.signals.add(tMs, stream.meanSquares, stream.ok, mains, this.ankleDeg, this.posture, this.tempC, this.battery);
    if (point) this.sink.signal(point);
  }

  private updateBody(tMs: number): void {
    const shank = this.shank;
    shank.endBlock();
    this.foot.endBlock();
    const motion = shank.motionMg;
    if (motion === motion) {
      const rest = this.motionRest.ready ? this.motionRest.value : motion;
      this.moving = motion > Math.max(MOVING_MIN_MG, MOVING_RATIO * rest);
      if (!this.moving) this.motionRest.update(motion);
    } else {
      this.moving = false;
    }
    if (this.moving || Number.isNaN(this.stillSinceMs)) this.stillSinceMs = tMs + BLOCK_MS;

    const seen = shank.seen > 0;
    const now: Posture = seen ? postureFromGravity(shank.gx, shank.gy, shank.gz) : 'unknown';
    if (now !== this.pendingPosture) {
      this.pendingPosture = now;
      this.pendingSinceMs = tMs;
    }
    if (now !== this.posture && (tMs - this.pendingSinceMs >= POSTURE_HOLD_MS || this.posture === 'unknown')) {
      this.posture = now;
      this.postureSinceMs = this.pendingSinceMs;
    }
    if (Number.isNaN(this.postureSinceMs)) this.postureSinceMs = tMs;

    if (this.foot.seen > 0 && seen) {
      this.ankleDeg = ankleFlexionDeg(shank.gx, shank.gz, this.foot.gx, this.foot.gz);
      if (this.ankleDeg > ANKLE_FLEXED_DEG) {
        if (Number.isNaN(this.ankleFlexedSinceMs)) this.ankleFlexedSinceMs = tMs;
      } else if (this.ankleDeg === this.ankleDeg) this.ankleFlexedSinceMs = NaN;
    } else {
      this.ankleDeg = NaN;
    }

    const second = Math.floor(tMs / 1000);
    if (second !== this.lastHistorySecond) {
      this.lastHistorySecond = second;
      this.history.record(tMs, this.posture, this.postureSinceMs, this.stillSinceMs, this.ankleDeg, this.ankleFlexedSinceMs);
    }
  }

  private report(stream: Stream, change: CrampChange, nowMs: number): void {
    const cramp = stream.cramp;
    if (change === 'open') {
      const muscle = stream.channels[stream.calf[cramp.channel]];
      const before = this.history.at(cramp.startMs - 2000) ?? this.history.at(cramp.startMs);
      this.reporter.open({
        muscle,
        startMs: cramp.startMs,
        detectedAtMs: cramp.detectedAtMs,
        peakUv: cramp.peakUv,
        body: before,
        profile: this.profile,
        context: this.contexts.latest(),
        earlierDays: this.contexts.earlierDays(),
        infer: inferCauses,
      });
    } else if (change === 'close') {
      this.reporter.close(cramp.endMs, cramp.peakUv);
    } else if (cramp.state === 'open') {
      this.reporter.progress(nowMs, cramp.peakUv);
    }
  }
}

function sameChannels(a: readonly Muscle[], b: readonly Muscle[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
