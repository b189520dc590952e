// Decoded frames on their way from a replay's reading thread to its main thread: packed into two
// typed arrays whose buffers move with postMessage's transfer list (no copy), beside the lines
// the reading thread did not decode, in capture order. A structured clone of the frame objects
// themselves cost more than reading them (bench/RESULTS.md, issue 12, evening of 2026-11-30).
import type { Muscle, SampleFrame } from '../core/types.ts';
import type { ReplayLine } from './replay.ts';

/** Per frame, these numbers in `fields`; an accelerometer block absent has NaN for its rate. */
const RX = 0;
const DEVICE = 1;
const SEQ = 2;
const T_MS = 3;
const EMG_FS_HZ = 4;
const LAYOUT = 5;
const SAMPLES_PER_CHANNEL = 6;
const EMG_AT = 7;
const TEMP_C = 8;
const BATTERY = 9;
/** which of tempC and battery the frame has (NaN is not a safe "absent": it is a number) */
const PRESENT = 10;
const HAS_TEMP = 1;
const HAS_BATTERY = 2;
/** acc, foot, thigh: rate, time, where its samples start, how many floats */
const BLOCKS_AT = 11;
const BLOCK_FIELDS = 4;
const BLOCK_KEYS = ['acc', 'foot', 'thigh'] as const;
const FRAME_FIELDS = BLOCKS_AT + BLOCK_KEYS.length * BLOCK_FIELDS;

export interface FrameBatch {
  frames: number;
  /** FRAME_FIELDS numbers a frame */
  fields: Float64Array;
  /** every frame's EMG channels, one after the other, then its accelerometer blocks */
  samples: Float32Array;
  /** device ids and channel lists, by the index a frame's fields give */
  devices: string[];
  layouts: Muscle[][];
  /** lines passed on undecoded, and the position of each among the batch's items */
  passed: ReplayLine[];
  passedAt: number[];
}

/** A decoded frame as a replay takes it: already through decodeMessage, on the reading thread. */
export interface DecodedFrameLine {
  rx: number;
  decoded: SampleFrame;
}

/** Builds FrameBatches; one writer for a whole capture, its arrays grown as needed and handed over by take(). */
export class FrameBatchWriter {
  private fields = new Float64Array(256 * FRAME_FIELDS);
  private samples = new Float32Array(1 << 16);
  private frameCount = 0;
  private sampleCount = 0;
  private devices: string[] = [];
  private layouts: Muscle[][] = [];
  private readonly deviceIndex = new Map<string, number>();
  private readonly layoutIndex = new Map<string, number>();
  private lastDevice = 0;
  private lastLayout = 0;
  private passed: ReplayLine[] = [];
  private passedAt: number[] = [];

  get frames(): number {
    return this.frameCount;
  }

  get items(): number {
    return this.frameCount + this.passed.length;
  }

  frame(rx: number, frame: SampleFrame): void {
    if ((this.frameCount + 1) * FRAME_FIELDS > this.fields.length) this.fields = grown(this.fields, (this.frameCount + 1) * FRAME_FIELDS);
    const f = this.frameCount * FRAME_FIELDS;
    const fields = this.fields;
    fields[f + RX] = rx;
    fields[f + DEVICE] = this.deviceOf(frame.device);
    fields[f + SEQ] = frame.seq;
    fields[f + T_MS] = frame.tMs;
    fields[f + EMG_FS_HZ] = frame.emgFsHz;
    fields[f + LAYOUT] = this.layoutOf(frame.channels);
    const length = frame.emgUv[0].length;
    fields[f + SAMPLES_PER_CHANNEL] = length;
    fields[f + EMG_AT] = this.sampleCount;
    for (const channel of frame.emgUv) this.put(channel);
    fields[f + TEMP_C] = frame.tempC ?? 0;
    fields[f + BATTERY] = frame.battery ?? 0;
    fields[f + PRESENT] = (frame.tempC !== undefined ? HAS_TEMP : 0) | (frame.battery !== undefined ? HAS_BATTERY : 0);
    for (let b = 0; b < BLOCK_KEYS.length; b++) {
      const block = frame[BLOCK_KEYS[b]];
      const at = f + BLOCKS_AT + b * BLOCK_FIELDS;
      fields[at] = block ? block.fsHz : NaN;
      if (!block) continue;
      fields[at + 1] = block.tMs;
      fields[at + 2] = this.sampleCount;
      fields[at + 3] = block.mg.length;
      this.put(block.mg);
    }
    this.frameCount++;
  }

  /** A line the reading thread leaves to the main thread, kept in its place among the frames. */
  pass(line: ReplayLine): void {
    this.passedAt.push(this.items);
    this.passed.push(line);
  }

  /** The batch so far, and the buffers to transfer with it; the writer starts a new one. */
  take(): { batch: FrameBatch; transfer: ArrayBuffer[] } {
    const batch: FrameBatch = {
      frames: this.frameCount,
      fields: this.fields,
      samples: this.samples,
      devices: this.devices,
      layouts: this.layouts,
      passed: this.passed,
      passedAt: this.passedAt,
    };
    // the next batch gets arrays of the size this one needed (the transferred ones are gone)
    this.fields = new Float64Array(this.fields.length);
    this.samples = new Float32Array(this.samples.length);
    this.frameCount = 0;
    this.sampleCount = 0;
    this.devices = [];
    this.layouts = [];
    this.deviceIndex.clear();
    this.layoutIndex.clear();
    this.lastDevice = 0;
    this.lastLayout = 0;
    this.passed = [];
    this.passedAt = [];
    return { batch, transfer: [batch.fields.buffer as ArrayBuffer, batch.samples.buffer as ArrayBuffer] };
  }

  private put(values: Float32Array): void {
    if (this.sampleCount + values.length > this.samples.length) this.samples = grown(this.samples, this.sampleCount + values.length);
    this.samples.set(values, this.sampleCount);
    this.sampleCount += values.length;
  }

  private deviceOf(device: string): number {
    if (this.devices[this.lastDevice] === device) return this.lastDevice;
    let i = this.deviceIndex.get(device);
    if (i === undefined) {
      i = this.devices.push(device) - 1;
      this.deviceIndex.set(device, i);
    }
    return (this.lastDevice = i);
  }

  /** Each frame has its own list of channel names: the same names as the last frame's (the usual case) are found without a key. */
  private layoutOf(channels: readonly Muscle[]): number {
    const last = this.layouts[this.lastLayout];
    if (last !== undefined && sameNames(last, channels)) return this.lastLayout;
    const key = channels.join(',');
    let i = this.layoutIndex.get(key);
    if (i === undefined) {
      i = this.layouts.push(channels.slice()) - 1;
      this.layoutIndex.set(key, i);
    }
    return (this.lastLayout = i);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function grown<T extends Float64Array | Float32Array>(array: T, atLeast: number): T {
  let length = array.length;
  while (length < atLeast) length *= 2;
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

/**
 * The batch's items in capture order: each frame as decodeMessage made it on the other thread
 * (the same fields, the optional ones present exactly when they were), each passed line as it was.
 * The EMG channels are views into the batch's samples, which pass through the core as the sample
 * pool's do (src/protocol/sample-pool.ts); an accelerometer block, which the core keeps until
 * the next frame, gets its own array.
 */
export function framesOfBatch(batch: FrameBatch): ReplayLine[] {
  const { fields, samples, devices, layouts, passed, passedAt } = batch;
  const items: ReplayLine[] = new Array(batch.frames + passed.length);
  let nextPassed = 0;
  let f = 0;
  for (let i = 0; i < items.length; i++) {
    if (nextPassed < passed.length && passedAt[nextPassed] === i) {
      items[i] = passed[nextPassed++];
      continue;
    }
    const channels = layouts[fields[f + LAYOUT]];
    const length = fields[f + SAMPLES_PER_CHANNEL];
    const emgAt = fields[f + EMG_AT];
    const emgUv: Float32Array[] = new Array(channels.length);
    for (let c = 0; c < channels.length; c++) emgUv[c] = samples.subarray(emgAt + c * length, emgAt + (c + 1) * length);
    const frame: SampleFrame = { device: devices[fields[f + DEVICE]], seq: fields[f + SEQ], tMs: fields[f + T_MS], emgFsHz: fields[f + EMG_FS_HZ], channels, emgUv };
    for (let b = 0; b < BLOCK_KEYS.length; b++) {
      const at = f + BLOCKS_AT + b * BLOCK_FIELDS;
      const fsHz = fields[at];
      if (fsHz !== fsHz) continue;
      frame[BLOCK_KEYS[b]] = { fsHz, tMs: fields[at + 1], mg: samples.slice(fields[at + 2], fields[at + 2] + fields[at + 3]) };
    }
    const present = fields[f + PRESENT];
    if (present & HAS_TEMP) frame.tempC = fields[f + TEMP_C];
    if (present & HAS_BATTERY) frame.battery = fields[f + BATTERY];
    items[i] = { rx: fields[f + RX], decoded: frame };
    f += FRAME_FIELDS;
  }
  return items;
}
