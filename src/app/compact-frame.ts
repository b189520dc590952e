// A sample frame packed small for the restart warm-up history (frame-history.ts): not a wire
// format, only what a new detector needs to be brought back to the state the old one had.
//
// EMG samples are 6 bits each, square-root companded against the channel's peak in the frame:
// q = round(31·√(|x|/peak))·sign(x), x' = peak·(q/31)²·sign(x). The error of a sample is about
// √(|x|·peak)/31, small where the samples are small: in a resting frame (peak ≈ 4σ) it adds
// under 0.1 % to the RMS the detector's envelope and resting level are made of, a 4-bit code
// would add ~0.4 % and mangle the quiet samples of a frame with a heartbeat spike, and 8 bits
// would cost a third more memory for nothing the detector can see. Accelerometers keep int16
// with a scale (posture and movement thresholds are tens of mg; the step is peak / 32767).
// Times and rates are exact (float64 where a float32 would round them).
//
// 100 ms of 1 kHz × 2 channels + a 50 Hz accelerometer: 242 bytes (the binary wire frame: 476;
// a decoded SampleFrame: ~2.2 KiB).
//
// Layout, little-endian:
//   u32 bytes (all of it) | u8 flags | u8 channels n | u16 samples a channel m | u32 seq |
//   f64 t | f32 or f64 emg fs (flag WIDE) | u8 codes[n] | f32 peak[n] | 6-bit codes, 4 in 3 bytes |
//   per accelerometer present: f32 or f64 t − frame t, f32 or f64 fs, u16 count k, u16 0, f32 scale, i16[3k] |
//   f32 temp | f32 battery
import { MUSCLES, type AccBlock, type Muscle, type SampleFrame } from '../core/types.ts';

const FLAG_ACC = 1;
const FLAG_FOOT = 2;
const FLAG_TEMP = 4;
const FLAG_BAT = 8;
/** a time or rate a float32 would round: all of them stored as float64 */
const FLAG_WIDE = 16;
const LEVELS = 31;
const HEADER_BYTES = 20;

const ACC_KEYS = [
  ['acc', FLAG_ACC],
  ['foot', FLAG_FOOT],
] as const;

const fitsFloat32 = (x: number): boolean => Math.fround(x) === x;

function needsWide(frame: SampleFrame): boolean {
  if (!fitsFloat32(frame.emgFsHz)) return true;
  for (const [key] of ACC_KEYS) {
    const block = frame[key];
    if (block && !(fitsFloat32(block.fsHz) && fitsFloat32(block.tMs - frame.tMs))) return true;
  }
  return false;
}

function packedBytes(samples: number): number {
  return Math.ceil(samples / 4) * 3;
}

/** Bytes the packed frame takes. */
export function compactFrameBytes(frame: SampleFrame, wide = needsWide(frame)): number {
  const n = frame.channels.length;
  const m = frame.emgUv[0]?.length ?? 0;
  const number = wide ? 8 : 4;
  let size = HEADER_BYTES + (wide ? 8 : 4) + n * 5 + packedBytes(n * m);
  for (const [key] of ACC_KEYS) {
    const block = frame[key];
    if (block) size += 2 * number + 8 + block.mg.length * 2;
  }
  if (frame.tempC !== undefined) size += 4;
  if (frame.battery !== undefined) size += 4;
  return size;
}

/** Writes the frame packed at `out[at…]` (room for compactFrameBytes), and returns the bytes written. */
export function writeCompactFrame(frame: SampleFrame, out: Uint8Array, view: DataView, at: number): number {
  const wide = needsWide(frame);
  const size = compactFrameBytes(frame, wide);
  const n = frame.channels.length;
  const m = frame.emgUv[0]?.length ?? 0;
  let flags = wide ? FLAG_WIDE : 0;
  for (const [key, flag] of ACC_KEYS) if (frame[key]) flags |= flag;
  if (frame.tempC !== undefined) flags |= FLAG_TEMP;
  if (frame.battery !== undefined) flags |= FLAG_BAT;
  view.setUint32(at, size, true);
  out[at + 4] = flags;
  out[at + 5] = n;
  view.setUint16(at + 6, m, true);
  view.setUint32(at + 8, frame.seq >>> 0, true);
  view.setFloat64(at + 12, frame.tMs, true);
  let offset = at + HEADER_BYTES;
  offset = writeNumber(view, offset, frame.emgFsHz, wide);
  for (let c = 0; c < n; c++) out[offset++] = MUSCLES.indexOf(frame.channels[c]);
  const peaks = offset;
  offset += 4 * n;
  // 6-bit codes of all channels in a row, four to three bytes
  let pending = 0;
  let pendingCount = 0;
  for (let c = 0; c < n; c++) {
    const channel = frame.emgUv[c];
    const peak = Math.fround(peakOf(channel, m));
    view.setFloat32(peaks + 4 * c, peak, true);
    const toUnit = peak > 0 ? (LEVELS * LEVELS) / peak : 0;
    // the sign from the float's own sign bit, so that the loop has no branch on it: EMG signs are
    // random, and a mispredicted branch a sample cost more than the rest of the encoding
    const bits = new Int32Array(channel.buffer, channel.byteOffset, m);
    for (let i = 0; i < m; i++) {
      // LEVELS·√(|x|/peak) as √(|x|·LEVELS²/peak): one multiply and one square root a sample
      // rounded by truncating y + 0.5 (y ≥ 0): Math.round's branches were mispredicted as often
      const q = (Math.sqrt(Math.abs(channel[i]) * toUnit) + 0.5) | 0;
      const negative = bits[i] >> 31; // −1 or 0
      pending |= (LEVELS + ((q ^ negative) - negative)) << (6 * pendingCount);
      if (++pendingCount === 4) {
        out[offset] = pending;
        out[offset + 1] = pending >>> 8;
        out[offset + 2] = pending >>> 16;
        offset += 3;
        pending = 0;
        pendingCount = 0;
      }
    }
  }
  if (pendingCount > 0) {
    out[offset] = pending;
    out[offset + 1] = pending >>> 8;
    out[offset + 2] = pending >>> 16;
    offset += 3;
  }
  for (const [key] of ACC_KEYS) {
    const block = frame[key];
    if (!block) continue;
    offset = writeNumber(view, offset, block.tMs - frame.tMs, wide);
    offset = writeNumber(view, offset, block.fsHz, wide);
    let peak = 0;
    for (let i = 0; i < block.mg.length; i++) peak = Math.max(peak, Math.abs(block.mg[i]));
    const scale = Math.fround(Math.max(peak / 32767, 1e-6));
    view.setUint16(offset, block.mg.length / 3, true);
    view.setUint16(offset + 2, 0, true);
    view.setFloat32(offset + 4, scale, true);
    offset += 8;
    for (let i = 0; i < block.mg.length; i++, offset += 2) view.setInt16(offset, Math.round(block.mg[i] / scale), true);
  }
  if (frame.tempC !== undefined) {
    view.setFloat32(offset, frame.tempC, true);
    offset += 4;
  }
  if (frame.battery !== undefined) view.setFloat32(offset, frame.battery, true);
  return size;
}

function peakOf(channel: Float32Array, m: number): number {
  let peak = 0;
  for (let i = 0; i < m; i++) peak = Math.max(peak, Math.abs(channel[i]));
  return peak;
}

function writeNumber(view: DataView, at: number, x: number, wide: boolean): number {
  if (wide) view.setFloat64(at, x, true);
  else view.setFloat32(at, x, true);
  return at + (wide ? 8 : 4);
}

/** Bytes of the packed frame at `at`, from its own header; 0 when fewer than a header remain. */
export function compactFrameLength(view: DataView, at: number): number {
  return at + 4 <= view.byteLength ? view.getUint32(at, true) : 0;
}

/** The time just after the packed frame's last EMG sample, ms (sequencer.ts frameEndMs). */
export function compactFrameEndMs(view: DataView, at: number): number {
  const wide = (view.getUint8(at + 4) & FLAG_WIDE) !== 0;
  const fsHz = wide ? view.getFloat64(at + HEADER_BYTES, true) : view.getFloat32(at + HEADER_BYTES, true);
  return view.getFloat64(at + 12, true) + (view.getUint16(at + 6, true) * 1000) / fsHz;
}

/** The frame packed at `bytes[at…]`, or undefined when it is cut short or not one. */
export function readCompactFrame(device: string, bytes: Uint8Array, view: DataView, at: number): SampleFrame | undefined {
  const size = compactFrameLength(view, at);
  if (size < HEADER_BYTES + 4 || at + size > bytes.length) return undefined;
  const end = at + size;
  const flags = bytes[at + 4];
  const wide = (flags & FLAG_WIDE) !== 0;
  const n = bytes[at + 5];
  const m = view.getUint16(at + 6, true);
  const tMs = view.getFloat64(at + 12, true);
  let offset = at + HEADER_BYTES;
  const readNumber = (): number => {
    const x = wide ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
    offset += wide ? 8 : 4;
    return x;
  };
  const emgFsHz = readNumber();
  if (n < 1 || offset + n * 5 + packedBytes(n * m) > end) return undefined;
  const channels: Muscle[] = [];
  for (let c = 0; c < n; c++) {
    const muscle = MUSCLES[bytes[offset++]];
    if (!muscle) return undefined;
    channels.push(muscle);
  }
  const peaks = offset;
  offset += 4 * n;
  const emgUv: Float32Array[] = [];
  let k = 0;
  let word = 0;
  for (let c = 0; c < n; c++) {
    const peak = view.getFloat32(peaks + 4 * c, true);
    const channel = new Float32Array(m);
    for (let i = 0; i < m; i++, k++) {
      if (k % 4 === 0) {
        word = bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);
        offset += 3;
      }
      const code = ((word >>> (6 * (k % 4))) & 63) - LEVELS;
      const unit = code / LEVELS;
      channel[i] = (code < 0 ? -peak : peak) * unit * unit;
    }
    emgUv.push(channel);
  }
  const frame: SampleFrame = { device, seq: view.getUint32(at + 8, true), tMs, emgFsHz, channels, emgUv };
  for (const [key, flag] of ACC_KEYS) {
    if (!(flags & flag)) continue;
    const blockT = tMs + readNumber();
    const fsHz = readNumber();
    if (offset + 8 > end) return undefined;
    const count = view.getUint16(offset, true);
    const scale = view.getFloat32(offset + 4, true);
    offset += 8;
    if (offset + count * 6 > end) return undefined;
    const mg = new Float32Array(count * 3);
    for (let i = 0; i < mg.length; i++, offset += 2) mg[i] = view.getInt16(offset, true) * scale;
    const block: AccBlock = { fsHz, tMs: blockT, mg };
    frame[key] = block;
  }
  if (flags & FLAG_TEMP) {
    frame.tempC = view.getFloat32(offset, true);
    offset += 4;
  }
  if (flags & FLAG_BAT) {
    frame.battery = view.getFloat32(offset, true);
    offset += 4;
  }
  return offset === end ? frame : undefined;
}
