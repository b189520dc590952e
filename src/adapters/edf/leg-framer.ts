// One leg's frames (PROTOCOL §3) from an EDF's signals: the leg's EMG channels at one rate, its
// accelerometer samples beside them, cut into frames of the usual size, seq +1 a frame. A gap
// in the recording (EDF+D) skips as many seq numbers as frames would have filled it: to the
// pipeline that is lost frames, missing data, never zeros (PROTOCOL §3).
import type { Muscle } from '../../core/types.ts';
import { ACC_PLACES, type AccPlace } from './labels.ts';
import { LinearResampler } from './resampler.ts';

export interface EmgSource {
  muscle: Muscle;
  signal: number;
  /** physical unit → µV */
  factor: number;
  fsHz: number;
}

export interface AccSource {
  /** signal indices of x, y, z */
  signals: [number, number, number];
  /** physical unit → mg, per axis */
  factors: [number, number, number];
  /** the signals' rate */
  fsHz: number;
  /** samples averaged into one (a rate above 400 Hz brought into range) */
  decimate: number;
}

export interface LegPlan {
  device: string;
  side?: 'left' | 'right';
  fsHz: number;
  frameSamples: number;
  emg: EmgSource[];
  acc?: AccSource;
  foot?: AccSource;
  /** PROTOCOL 1.1 §10.1; a pipeline that does not know it ignores the field */
  thigh?: AccSource;
}

export interface FrameLine {
  rx: number;
  topic: string;
  json: Record<string, unknown>;
}

class AccQueue {
  readonly mg: number[] = [];
  read = 0;
  /** samples (after decimation) since the segment began */
  taken = 0;
  private readonly sum = [0, 0, 0];
  private count = 0;
  readonly fsHz: number;

  constructor(readonly source: AccSource) {
    this.fsHz = source.fsHz / source.decimate;
  }

  push(physical: Float32Array[]): void {
    const [sx, sy, sz] = this.source.signals;
    const [fx, fy, fz] = this.source.factors;
    const x = physical[sx], y = physical[sy], z = physical[sz];
    const d = this.source.decimate;
    for (let i = 0; i < x.length; i++) {
      this.sum[0] += x[i] * fx;
      this.sum[1] += y[i] * fy;
      this.sum[2] += z[i] * fz;
      if (++this.count === d) {
        this.mg.push(round2(this.sum[0] / d), round2(this.sum[1] / d), round2(this.sum[2] / d));
        this.sum.fill(0);
        this.count = 0;
      }
    }
  }

  /** The samples timed before `untilMs`, as [x, y, z] rows, and the time of the first. */
  take(segmentStartMs: number, untilMs: number): { t: number; rows: number[][] } | undefined {
    const periodMs = 1000 / this.fsHz;
    const first = this.taken;
    const rows: number[][] = [];
    while (this.read < this.mg.length && segmentStartMs + this.taken * periodMs < untilMs) {
      rows.push([this.mg[this.read], this.mg[this.read + 1], this.mg[this.read + 2]]);
      this.read += 3;
      this.taken++;
    }
    if (this.read > 30_000) {
      this.mg.splice(0, this.read);
      this.read = 0;
    }
    return rows.length > 0 ? { t: round3(segmentStartMs + first * periodMs), rows } : undefined;
  }

  reset(): void {
    this.mg.length = 0;
    this.read = 0;
    this.taken = 0;
    this.sum.fill(0);
    this.count = 0;
  }
}

export class LegFramer {
  private readonly topic: string;
  private readonly queues: number[][];
  private readonly resamplers: (LinearResampler | undefined)[];
  private readonly channels: Muscle[];
  private readonly accel: [AccPlace, AccQueue][] = [];
  private read = 0;
  private segmentStartMs = NaN;
  /** EMG samples framed since the segment began */
  private framed = 0;
  private seq = 0;
  frames = 0;
  gaps = 0;

  constructor(readonly plan: LegPlan) {
    this.topic = `crampwatch/v1/${plan.device}/frames`;
    this.queues = plan.emg.map(() => []);
    this.resamplers = plan.emg.map((e) => (e.fsHz === plan.fsHz ? undefined : new LinearResampler(e.fsHz, plan.fsHz)));
    this.channels = plan.emg.map((e) => e.muscle);
    for (const place of ACC_PLACES) {
      const source = plan[place];
      if (source) this.accel.push([place, new AccQueue(source)]);
    }
  }

  /** A stretch of contiguous samples begins at `startMs` (the first record, or after a gap). */
  startSegment(startMs: number): void {
    this.segmentStartMs = startMs;
    this.framed = 0;
    this.read = 0;
    for (const q of this.queues) q.length = 0;
    for (const r of this.resamplers) r?.reset();
    for (const [, queue] of this.accel) queue.reset();
  }

  /** The record's physical values (all signals of the file); frames completed go to `out`. */
  pushRecord(physical: Float32Array[], out: FrameLine[]): void {
    this.plan.emg.forEach((source, c) => {
      const samples = physical[source.signal];
      const queue = this.queues[c];
      const resampler = this.resamplers[c];
      if (resampler) {
        const from = queue.length;
        resampler.process(samples, queue);
        for (let i = from; i < queue.length; i++) queue[i] = round2(queue[i] * source.factor);
      } else {
        for (let i = 0; i < samples.length; i++) queue.push(round2(samples[i] * source.factor));
      }
    });
    for (const [, queue] of this.accel) queue.push(physical);
    this.drain(false, out);
  }

  /** The segment ends: what is left becomes a last, shorter frame. */
  endSegment(out: FrameLine[]): void {
    this.drain(true, out);
  }

  /** Missing data from the end of the last frame to `nextStartMs`: skips the seq numbers of the frames that would have filled it. */
  skipGap(gapMs: number): void {
    const frameMs = (this.plan.frameSamples * 1000) / this.plan.fsHz;
    this.seq = (this.seq + Math.max(1, Math.round(gapMs / frameMs))) % 2 ** 32;
    this.gaps++;
  }

  private drain(final: boolean, out: FrameLine[]): void {
    const { frameSamples, fsHz } = this.plan;
    for (;;) {
      let available = Infinity;
      for (const q of this.queues) available = Math.min(available, q.length - this.read);
      const n = Math.min(frameSamples, available);
      if (n <= 0 || (n < frameSamples && !final)) break;
      const tMs = this.segmentStartMs + (this.framed * 1000) / fsHz;
      const endMs = this.segmentStartMs + ((this.framed + n) * 1000) / fsHz;
      const uv = this.queues.map((q) => q.slice(this.read, this.read + n));
      const json: Record<string, unknown> = { v: 1, seq: this.seq, t: round3(tMs), emg: { fs: fsHz, ch: this.channels, uv } };
      for (const [place, queue] of this.accel) {
        const taken = queue.take(this.segmentStartMs, endMs);
        if (taken) json[place] = { fs: queue.fsHz, t: taken.t, mg: taken.rows };
      }
      out.push({ rx: Math.ceil(endMs), topic: this.topic, json });
      this.read += n;
      this.framed += n;
      this.seq = (this.seq + 1) % 2 ** 32;
      this.frames++;
    }
    if (this.read > 8192 || final) {
      for (const q of this.queues) q.splice(0, this.read);
      this.read = 0;
    }
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
