// A device's recent frames, kept compactly for the next run's warm-up (episode-resume.ts): each
// frame as a binary frame (src/protocol/binary.ts, ~476 bytes for 100 ms of 1 kHz × 2 channels +
// accelerometer, against ~2.2 KiB as a decoded SampleFrame), one after another in one byte buffer
// per device. No object is kept per frame, so a thousand devices' history is a thousand buffers
// for the garbage collector, not 300,000 frames. Frames are decoded only for a warm-up.
//
// The binary frame holds samples as int16 with a float32 scale chosen per frame (the frame's
// peak / 32767), so a sample comes back within peak / 65534 of itself: under a quarter of the
// simulator's 0.25 µV ADC step for any frame below 8 mV, and far under the electrodes' few µV of
// noise. Temperature and battery come back as float32. That is what the warm-up feeds the new
// detector; the restart tests check it re-opens and ends the cramp as an uninterrupted run does.
// A frame the binary layout cannot hold (an EMG or accelerometer rate that is not a whole number
// of Hz: PROTOCOL allows any number in range, the binary header has a uint16) is kept as JSON
// instead: exact (float32 values print in full) and ~5× bigger, and only for such devices.
//
// Record layout (little-endian), the same in memory and in the warm-up file:
//   u32 record bytes (header included) | u8 kind (1 binary frame, 2 JSON) | 3 bytes zero |
//   f64 end of the frame's last sample, ms | the frame
import { decodeBinaryFrame, encodeBinaryFrame } from '../protocol/binary.ts';
import { sampleFrameOf } from '../protocol/decode.ts';
import { frameEndMs } from '../ingest/sequencer.ts';
import type { AccBlock, SampleFrame } from '../core/types.ts';

const RECORD_HEADER_BYTES = 16;
const KIND_BINARY = 1;
const KIND_JSON = 2;
/**
 * room over what the window needs: the records are moved back to the front every ~10 frames (a
 * memmove of the window, a few µs), for 10 % more memory
 */
const SLACK = 1.1;

const wholeHz = (block: AccBlock | undefined): boolean => !block || Number.isInteger(block.fsHz);

type StoredAcc = Omit<AccBlock, 'mg'> & { mg: number[] };
type StoredFrame = Omit<SampleFrame, 'device' | 'emgUv' | 'acc' | 'foot'> & { emgUv: number[][]; acc?: StoredAcc; foot?: StoredAcc };

function jsonOf(frame: SampleFrame): Uint8Array {
  const acc = (block: AccBlock | undefined): StoredAcc | undefined => block && { ...block, mg: Array.from(block.mg) };
  const { device: _device, ...rest } = frame;
  const stored: StoredFrame = { ...rest, emgUv: frame.emgUv.map((uv) => Array.from(uv)), acc: acc(frame.acc), foot: acc(frame.foot) };
  return new TextEncoder().encode(JSON.stringify(stored));
}

function frameOfJson(device: string, bytes: Uint8Array): SampleFrame {
  const stored = JSON.parse(new TextDecoder().decode(bytes)) as StoredFrame;
  const acc = (block: StoredAcc | undefined): AccBlock | undefined => block && { ...block, mg: Float32Array.from(block.mg) };
  const frame: SampleFrame = { ...stored, device, emgUv: stored.emgUv.map((uv) => Float32Array.from(uv)), acc: acc(stored.acc), foot: acc(stored.foot) };
  if (!frame.acc) delete frame.acc;
  if (!frame.foot) delete frame.foot;
  return frame;
}

/**
 * The frames in `records` (as FrameHistory.bytes() gives them), oldest first; undefined if any
 * record is cut short or unreadable (a damaged warm-up file: the caller resumes without it).
 */
export function decodeFrameRecords(device: string, records: Uint8Array): SampleFrame[] | undefined {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const frames: SampleFrame[] = [];
  for (let at = 0; at < records.length; ) {
    if (at + RECORD_HEADER_BYTES > records.length) return undefined;
    const length = view.getUint32(at, true);
    const kind = records[at + 4];
    if (length <= RECORD_HEADER_BYTES || at + length > records.length) return undefined;
    const body = records.subarray(at + RECORD_HEADER_BYTES, at + length);
    at += length;
    if (kind === KIND_JSON) {
      try {
        frames.push(frameOfJson(device, body));
      } catch {
        return undefined;
      }
      continue;
    }
    if (kind !== KIND_BINARY) return undefined;
    const decoded = decodeBinaryFrame(body);
    if (!decoded.ok) return undefined;
    frames.push(sampleFrameOf(device, decoded));
  }
  return frames;
}

/**
 * One device's recent frames, oldest first, as records in one buffer: appended at the end,
 * dropped from the start, moved back to the front when the end is reached. The buffer grows
 * while a cramp keeps more history and shrinks again when it is dropped.
 */
export class FrameHistory {
  private buffer = new Uint8Array(0);
  private view = new DataView(this.buffer.buffer);
  /** live records are buffer[start, end) */
  private start = 0;
  private end = 0;
  private records = 0;
  /** the buffer size a window of usual frames needs, known from the first frame */
  private usualBytes = 0;

  constructor(
    readonly device: string,
    /** the history usually kept, ms: sizes the buffer */
    private readonly windowMs: number,
  ) {}

  get length(): number {
    return this.records;
  }

  /** Bytes held, buffer included. */
  get capacityBytes(): number {
    return this.buffer.byteLength;
  }

  push(frame: SampleFrame): void {
    const binary = Number.isInteger(frame.emgFsHz) && wholeHz(frame.acc) && wholeHz(frame.foot);
    const body = binary ? encodeBinaryFrame(frame) : jsonOf(frame);
    const length = RECORD_HEADER_BYTES + body.length;
    if (this.usualBytes === 0) {
      const frameMs = frameEndMs(frame) - frame.tMs;
      this.usualBytes = Math.ceil(length * (Math.ceil(this.windowMs / frameMs) + 2) * SLACK);
    }
    this.makeRoom(length);
    const at = this.end;
    this.view.setUint32(at, length, true);
    this.buffer.fill(0, at + 4, at + 8);
    this.buffer[at + 4] = binary ? KIND_BINARY : KIND_JSON;
    this.view.setFloat64(at + 8, frameEndMs(frame), true);
    this.buffer.set(body, at + RECORD_HEADER_BYTES);
    this.end += length;
    this.records++;
  }

  /** Drops the oldest frames that end before `fromMs`, always keeping the newest. */
  dropEndingBefore(fromMs: number): void {
    while (this.records > 1 && this.view.getFloat64(this.start + 8, true) < fromMs) {
      this.start += this.view.getUint32(this.start, true);
      this.records--;
    }
    // after a long cramp: give back what its history took
    const live = this.end - this.start;
    if (this.buffer.byteLength > 2 * this.usualBytes && live * 4 < this.buffer.byteLength) this.reallocate(Math.max(this.usualBytes, Math.ceil(live * 2)));
  }

  /** The records, oldest first, for decodeFrameRecords or a warm-up file; valid until the next push. */
  bytes(): Uint8Array {
    return this.buffer.subarray(this.start, this.end);
  }

  frames(): SampleFrame[] {
    return decodeFrameRecords(this.device, this.bytes()) ?? [];
  }

  clear(): void {
    this.start = this.end = 0;
    this.records = 0;
    this.reallocate(0);
  }

  private makeRoom(length: number): void {
    if (this.end + length <= this.buffer.byteLength) return;
    const live = this.end - this.start;
    if (live + length <= this.buffer.byteLength) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = live;
      return;
    }
    this.reallocate(Math.max(this.usualBytes, Math.ceil((live + length) * 1.5)));
  }

  private reallocate(size: number): void {
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(this.start, this.end));
    this.end -= this.start;
    this.start = 0;
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}
