// The compact binary sample frame, version 1 (layout in README "Binary frames"). Little-endian,
// int16 samples with a float32 scale: a 1 kHz two-channel 100 ms frame is ~450 bytes instead of
// ~2.5 kB of JSON, and decoding is a typed-array copy instead of a parse.
import { MUSCLES, type AccBlock, type Muscle } from '../core/types.ts';
import { ACC_FS_RANGE_HZ, EMG_FS_RANGE_HZ, MAX_CHANNELS, MAX_SAMPLES_PER_CHANNEL } from './frame-limits.ts';
import { reject, type Rejection } from './rejection.ts';
import { passingFloat32s } from './sample-pool.ts';

export const BINARY_MAGIC_0 = 0x43; // 'C'
export const BINARY_MAGIC_1 = 0x57; // 'W'
export const BINARY_VERSION = 1;
const HEADER_BYTES = 28;
const ACC_HEADER_BYTES = 16;
/** below this many samples a DataView read each costs less than a typed-array view */
const SHORT_BLOCK = 32;

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const FLAG_ACC = 1;
const FLAG_FOOT = 2;
const FLAG_TEMP = 4;
const FLAG_BAT = 8;
/** the thigh accelerometer (PROTOCOL §10.1), after the foot block */
const FLAG_THIGH = 16;

/** A frame's contents, before or after the wire: what the encoder takes and the decoder gives. */
export interface BinaryFrameContent {
  seq: number;
  tMs: number;
  emgFsHz: number;
  channels: readonly Muscle[];
  emgUv: ArrayLike<number>[];
  acc?: AccBlock;
  foot?: AccBlock;
  thigh?: AccBlock;
  tempC?: number;
  battery?: number;
}

export function isBinaryPayload(payload: Uint8Array): boolean {
  return payload.length >= 2 && payload[0] === BINARY_MAGIC_0 && payload[1] === BINARY_MAGIC_1;
}

/** The smallest scale that fits the largest magnitude in int16, never below 0.01 units a count. */
function scaleFor(values: ArrayLike<number>[], floor: number): number {
  let peak = 0;
  for (const array of values) {
    for (let i = 0; i < array.length; i++) {
      const magnitude = Math.abs(array[i]);
      if (magnitude > peak) peak = magnitude;
    }
  }
  return Math.max(floor, peak / 32767);
}

function accBytes(block: AccBlock | undefined): number {
  return block ? ACC_HEADER_BYTES + block.mg.length * 2 : 0;
}

export function encodeBinaryFrame(frame: BinaryFrameContent): Uint8Array {
  const channelCount = frame.channels.length;
  const samplesPerChannel = frame.emgUv[0]?.length ?? 0;
  const flags =
    (frame.acc ? FLAG_ACC : 0) |
    (frame.foot ? FLAG_FOOT : 0) |
    (frame.tempC !== undefined ? FLAG_TEMP : 0) |
    (frame.battery !== undefined ? FLAG_BAT : 0) |
    (frame.thigh ? FLAG_THIGH : 0);
  const size =
    HEADER_BYTES +
    channelCount +
    channelCount * samplesPerChannel * 2 +
    accBytes(frame.acc) +
    accBytes(frame.foot) +
    accBytes(frame.thigh) +
    (frame.tempC !== undefined ? 4 : 0) +
    (frame.battery !== undefined ? 4 : 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const emgScale = scaleFor(frame.emgUv, 0.01);
  bytes[0] = BINARY_MAGIC_0;
  bytes[1] = BINARY_MAGIC_1;
  bytes[2] = BINARY_VERSION;
  bytes[3] = flags;
  view.setUint32(4, frame.seq >>> 0, true);
  view.setFloat64(8, frame.tMs, true);
  view.setUint16(16, frame.emgFsHz, true);
  bytes[18] = channelCount;
  view.setUint16(20, samplesPerChannel, true);
  view.setFloat32(24, emgScale, true);
  let offset = HEADER_BYTES;
  for (const name of frame.channels) bytes[offset++] = MUSCLES.indexOf(name);
  for (const channel of frame.emgUv) {
    for (let i = 0; i < samplesPerChannel; i++, offset += 2) view.setInt16(offset, Math.round(channel[i] / emgScale), true);
  }
  for (const block of [frame.acc, frame.foot, frame.thigh]) {
    if (!block) continue;
    const scale = scaleFor([block.mg], 0.01);
    view.setFloat64(offset, block.tMs, true);
    view.setUint16(offset + 8, block.fsHz, true);
    view.setUint16(offset + 10, block.mg.length / 3, true);
    view.setFloat32(offset + 12, scale, true);
    offset += ACC_HEADER_BYTES;
    for (let i = 0; i < block.mg.length; i++, offset += 2) view.setInt16(offset, Math.round(block.mg[i] / scale), true);
  }
  if (frame.tempC !== undefined) {
    view.setFloat32(offset, frame.tempC, true);
    offset += 4;
  }
  if (frame.battery !== undefined) view.setFloat32(offset, frame.battery, true);
  return bytes;
}

export interface DecodedBinaryFrame extends BinaryFrameContent {
  ok: true;
  emgUv: Float32Array[];
}

/**
 * A DataView and an Int16Array over the whole of the last payload's buffer, kept for the next
 * frame: a replay decodes every frame out of one reused buffer (a compact capture's out of one
 * chunk), and making two views a frame cost a few per cent of a binary replay. Offsets below are
 * into that buffer (the payload's byteOffset added). Holds on to one buffer between frames, as
 * the sample pool does.
 */
let viewedBuffer: ArrayBufferLike | undefined;
let bufferView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let bufferInt16s: Int16Array<ArrayBufferLike> = new Int16Array(0);

function viewBuffer(buffer: ArrayBufferLike): void {
  if (buffer === viewedBuffer) return;
  viewedBuffer = buffer;
  bufferView = new DataView(buffer);
  bufferInt16s = new Int16Array(buffer, 0, buffer.byteLength >> 1);
}

/** `count` int16 samples at `offset` (into the viewed buffer) times `scale` into out[at…]; through
 *  the Int16Array where they are 2-byte aligned on a little-endian machine, several times faster
 *  than a DataView call a sample. */
function readInt16s(offset: number, count: number, scale: number, out: Float32Array, at: number): void {
  if (LITTLE_ENDIAN && offset % 2 === 0) {
    const int16s = bufferInt16s;
    const first = offset >> 1;
    for (let i = 0; i < count; i++) out[at + i] = int16s[first + i] * scale;
  } else {
    const view = bufferView;
    for (let i = 0; i < count; i++) out[at + i] = view.getInt16(offset + 2 * i, true) * scale;
  }
}

/** An accelerometer block whose header (checked) is at `offset` (into the viewed buffer), in its own array (sample-pool.ts says why). */
function accBlockAt(offset: number, count: number): AccBlock {
  const view = bufferView;
  const scale = view.getFloat32(offset + 12, true);
  const mg = new Float32Array(count);
  if (count <= SHORT_BLOCK) {
    for (let i = 0; i < count; i++) mg[i] = view.getInt16(offset + ACC_HEADER_BYTES + 2 * i, true) * scale;
  } else readInt16s(offset + ACC_HEADER_BYTES, count, scale, mg, 0);
  return { fsHz: view.getUint16(offset + 8, true), tMs: view.getFloat64(offset, true), mg };
}

export function decodeBinaryFrame(payload: Uint8Array): DecodedBinaryFrame | Rejection {
  if (payload.length < HEADER_BYTES) return reject('bad_binary', `binary frame of ${payload.length} bytes is shorter than its header`);
  if (payload[2] !== BINARY_VERSION) return reject('unsupported_version', `binary frame version ${payload[2]} is not 1`);
  viewBuffer(payload.buffer);
  const view = bufferView;
  // where the payload starts in the viewed buffer: every offset below is `base +` its place in the payload
  const base = payload.byteOffset;
  const end = base + payload.length;
  const flags = payload[3];
  const seq = view.getUint32(base + 4, true);
  const tMs = view.getFloat64(base + 8, true);
  const emgFsHz = view.getUint16(base + 16, true);
  const channelCount = payload[18];
  const samplesPerChannel = view.getUint16(base + 20, true);
  const emgScale = view.getFloat32(base + 24, true);
  if (!Number.isFinite(tMs) || tMs < 0) return reject('bad_binary', 'frame time is not a valid epoch');
  if (emgFsHz < EMG_FS_RANGE_HZ.min || emgFsHz > EMG_FS_RANGE_HZ.max) return reject('fs_out_of_range', `emg fs ${emgFsHz} Hz outside ${EMG_FS_RANGE_HZ.min}–${EMG_FS_RANGE_HZ.max}`);
  if (channelCount < 1 || channelCount > MAX_CHANNELS) return reject('too_many_channels', `${channelCount} channels (1–8 allowed)`);
  if (samplesPerChannel < 1 || samplesPerChannel > MAX_SAMPLES_PER_CHANNEL) return reject('bad_binary', `${samplesPerChannel} samples a channel (1–4096 allowed)`);
  if (!Number.isFinite(emgScale) || emgScale <= 0) return reject('bad_binary', 'emg scale must be a positive number');
  let offset = base + HEADER_BYTES;
  if (end < offset + channelCount + channelCount * samplesPerChannel * 2) return reject('bad_binary', 'binary frame is truncated in its EMG samples');
  const channels: Muscle[] = [];
  for (let c = 0; c < channelCount; c++) {
    const name = MUSCLES[payload[offset++ - base]];
    if (!name || channels.includes(name)) return reject('bad_channel', 'unknown or repeated channel code');
    channels.push(name);
  }
  // the accelerometer blocks' headers are all checked before any sample is read, so that a
  // rejected frame costs no allocation
  const emgCount = channelCount * samplesPerChannel;
  const emgOffset = offset;
  offset += 2 * emgCount;
  let accCount = 0;
  let accOffset = -1;
  let footCount = 0;
  let footOffset = -1;
  let thighCount = 0;
  let thighOffset = -1;
  for (let block = 0; block < 3; block++) {
    const flag = block === 0 ? FLAG_ACC : block === 1 ? FLAG_FOOT : FLAG_THIGH;
    if (!(flags & flag)) continue;
    const key = block === 0 ? 'acc' : block === 1 ? 'foot' : 'thigh';
    if (end < offset + ACC_HEADER_BYTES) return reject('bad_binary', `binary frame is truncated in its ${key} header`);
    const blockT = view.getFloat64(offset, true);
    const fsHz = view.getUint16(offset + 8, true);
    const count = view.getUint16(offset + 10, true);
    const scale = view.getFloat32(offset + 12, true);
    if (!Number.isFinite(blockT) || !Number.isFinite(scale) || scale <= 0) return reject('bad_binary', `${key} time or scale invalid`);
    if (fsHz < ACC_FS_RANGE_HZ.min || fsHz > ACC_FS_RANGE_HZ.max) return reject('fs_out_of_range', `${key} fs ${fsHz} Hz outside 10–400`);
    if (end < offset + ACC_HEADER_BYTES + count * 6) return reject('bad_binary', `binary frame is truncated in its ${key} samples`);
    if (block === 0) (accOffset = offset), (accCount = count * 3);
    else if (block === 1) (footOffset = offset), (footCount = count * 3);
    else (thighOffset = offset), (thighCount = count * 3);
    offset += ACC_HEADER_BYTES + count * 6;
  }
  const samples = passingFloat32s(emgCount);
  readInt16s(emgOffset, emgCount, emgScale, samples, 0);
  const emgUv: Float32Array[] = new Array(channelCount);
  for (let c = 0; c < channelCount; c++) emgUv[c] = samples.subarray(c * samplesPerChannel, (c + 1) * samplesPerChannel);
  const frame: DecodedBinaryFrame = { ok: true, seq, tMs, emgFsHz, channels, emgUv };
  if (accOffset >= 0) frame.acc = accBlockAt(accOffset, accCount);
  if (footOffset >= 0) frame.foot = accBlockAt(footOffset, footCount);
  if (thighOffset >= 0) frame.thigh = accBlockAt(thighOffset, thighCount);
  if (flags & FLAG_TEMP) {
    if (end < offset + 4) return reject('bad_binary', 'binary frame is truncated in its temperature');
    frame.tempC = view.getFloat32(offset, true);
    offset += 4;
  }
  if (flags & FLAG_BAT) {
    if (end < offset + 4) return reject('bad_binary', 'binary frame is truncated in its battery level');
    frame.battery = view.getFloat32(offset, true);
    offset += 4;
  }
  if (!Number.isFinite(frame.tempC ?? 0) || !Number.isFinite(frame.battery ?? 0)) return reject('non_finite', 'temperature or battery is not finite');
  if (offset !== end) return reject('bad_binary', `${end - offset} unexpected trailing bytes`);
  return frame;
}
