// A device's recent frames, kept compactly for the next run's warm-up (episode-resume.ts): each
// frame packed by compact-frame.ts (~242 bytes for 100 ms of 1 kHz × 2 channels + accelerometer:
// 6-bit companded EMG, against ~2.2 KiB as a decoded SampleFrame and 476 as a binary wire frame),
// one after another in one byte buffer per device. No object is kept per frame, so a thousand
// devices' history is a thousand buffers for the garbage collector, not 300,000 frames. Frames
// are decoded only for a warm-up; the restart tests check that the new detector, fed them,
// re-opens and ends the cramp as an uninterrupted run does. The records are laid out the same
// in memory and in the warm-up file (warmup-files.ts).
import { compactFrameBytes, compactFrameEndMs, compactFrameLength, readCompactFrame, writeCompactFrame } from './compact-frame.ts';
import { frameEndMs } from '../ingest/sequencer.ts';
import type { SampleFrame } from '../core/types.ts';

/**
 * room over what the window needs: the records are moved back to the front every ~20 frames (a
 * memmove of the window, a few µs), for 5 % more memory
 */
const SLACK = 1.05;

/**
 * The frames in `records` (as FrameHistory.bytes() gives them), oldest first; undefined if any
 * record is cut short or unreadable (a damaged warm-up file: the caller resumes without it).
 */
export function decodeFrameRecords(device: string, records: Uint8Array): SampleFrame[] | undefined {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const frames: SampleFrame[] = [];
  for (let at = 0; at < records.length; ) {
    const frame = readCompactFrame(device, records, view, at);
    if (!frame) return undefined;
    frames.push(frame);
    at += compactFrameLength(view, at);
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
    const length = compactFrameBytes(frame);
    if (this.usualBytes === 0) {
      const frameMs = frameEndMs(frame) - frame.tMs;
      this.usualBytes = Math.ceil(length * (Math.ceil(this.windowMs / frameMs) + 2) * SLACK);
    }
    this.makeRoom(length);
    this.end += writeCompactFrame(frame, this.buffer, this.view, this.end);
    this.records++;
  }

  /** Drops the oldest frames that end before `fromMs`, always keeping the newest. */
  dropEndingBefore(fromMs: number): void {
    while (this.records > 1 && compactFrameEndMs(this.view, this.start) < fromMs) {
      this.start += compactFrameLength(this.view, this.start);
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
