// The compact capture (docs/compact-capture.md): the messages of a night as length-prefixed
// records instead of NDJSON lines, gzipped. A binary frame is kept as the bytes that arrived
// (no base64), each topic is written once; a message that is JSON, and a line that is not a
// plain record at all, keep their text. Pure: records to bytes and back, no files.
import { MAX_TOPIC_CHARS as MAX_TOPIC_CHARS_IN_LINE } from '../../ingest/capture-line.ts';

/** "\x89CWCAP\r\n": the high byte and the line end catch a file mangled as text; then the version. */
export const COMPACT_MAGIC = Buffer.from([0x89, 0x43, 0x57, 0x43, 0x41, 0x50, 0x0d, 0x0a]);
export const COMPACT_VERSION = 1;
export const COMPACT_HEADER_BYTES = COMPACT_MAGIC.length + 1;

export const KIND_TOPIC = 0x01;
export const KIND_BINARY = 0x02;
export const KIND_JSON = 0x03;
export const KIND_LINE = 0x04;

/** A payload or a line longer than this is a corrupt length, not a message: the broker takes 1 MiB. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** topics are numbered in a u16 */
export const MAX_TOPICS = 0xffff;
const MAX_TOPIC_BYTES = 4 * MAX_TOPIC_CHARS_IN_LINE;

/** kind, rx f64, topic u16, length u32 */
const MESSAGE_HEAD_BYTES = 1 + 8 + 2 + 4;
/** kind, length u32 */
const LINE_HEAD_BYTES = 1 + 4;
/** kind, length u16 */
const TOPIC_HEAD_BYTES = 1 + 2;

export function compactHeader(): Buffer {
  return Buffer.concat([COMPACT_MAGIC, Buffer.of(COMPACT_VERSION)]);
}

export function startsWithCompactMagic(bytes: Uint8Array): boolean {
  if (bytes.length < COMPACT_MAGIC.length) return false;
  for (let i = 0; i < COMPACT_MAGIC.length; i++) if (bytes[i] !== COMPACT_MAGIC[i]) return false;
  return true;
}

export function encodeTopic(topic: string): Buffer {
  const text = Buffer.from(topic, 'utf8');
  const out = Buffer.allocUnsafe(TOPIC_HEAD_BYTES + text.length);
  out[0] = KIND_TOPIC;
  out.writeUInt16LE(text.length, 1);
  text.copy(out, TOPIC_HEAD_BYTES);
  return out;
}

/** A binary payload (kind binary) or a JSON payload's text (kind json) received at rx on topic number `topic`. */
export function encodeMessage(kind: typeof KIND_BINARY | typeof KIND_JSON, rx: number, topic: number, payload: Uint8Array): Buffer {
  if (payload.length > MAX_RECORD_BYTES) throw new RangeError(`a message of ${payload.length} bytes is more than a compact capture holds (${MAX_RECORD_BYTES})`);
  const out = Buffer.allocUnsafe(MESSAGE_HEAD_BYTES + payload.length);
  out[0] = kind;
  out.writeDoubleLE(rx, 1);
  out.writeUInt16LE(topic, 9);
  out.writeUInt32LE(payload.length, 11);
  out.set(payload, MESSAGE_HEAD_BYTES);
  return out;
}

/** A line kept as it was (without its \n). */
export function encodeLine(line: Uint8Array): Buffer {
  if (line.length > MAX_RECORD_BYTES) throw new RangeError(`a line of ${line.length} bytes is more than a compact capture holds (${MAX_RECORD_BYTES})`);
  const out = Buffer.allocUnsafe(LINE_HEAD_BYTES + line.length);
  out[0] = KIND_LINE;
  out.writeUInt32LE(line.length, 1);
  out.set(line, LINE_HEAD_BYTES);
  return out;
}

/** What a reader does with each record; the buffers are views valid while the call lasts and after (never reused). */
export interface CompactRecordSink {
  binary(rx: number, topic: string, topicIndex: number, bytes: Buffer): void;
  json(rx: number, topic: string, topicIndex: number, text: Buffer): void;
  line(bytes: Buffer): void;
}

/** A compact capture that cannot be read: `offset` is the byte of the unzipped stream where it went wrong. */
export class CompactCaptureError extends Error {
  constructor(
    readonly offset: number,
    problem: string,
  ) {
    super(`compact capture ${problem} at byte ${offset} (of the unzipped records)`);
  }
}

/**
 * Reads records from the unzipped stream's chunks as they come. A record cut by a chunk's end
 * waits for the next chunk; nothing is allocated from a length the file declares before that
 * many bytes have arrived, and no length above MAX_RECORD_BYTES is believed.
 */
export class CompactRecordDecoder {
  /** a record (or the header) cut by the last chunk's end, waiting for `needed` bytes in all */
  private tail: Buffer | undefined;
  private needed = 0;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** offset in the stream of tail[0] (or of the next chunk's first byte) */
  private offset = 0;
  private headerRead = false;
  readonly topics: string[] = [];

  constructor(private readonly sink: CompactRecordSink) {}

  push(chunk: Buffer): void {
    if (this.tail !== undefined) {
      // a long record arriving in many chunks is put together once, not once a chunk
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      if (this.waitingBytes < this.needed) return;
    }
    const bytes = this.tail !== undefined ? Buffer.concat(this.waiting, this.waitingBytes) : chunk;
    this.waiting = [];
    this.waitingBytes = 0;
    let at = 0;
    if (!this.headerRead) {
      if (bytes.length < COMPACT_HEADER_BYTES) {
        this.keepTail(bytes, COMPACT_HEADER_BYTES);
        return;
      }
      if (!startsWithCompactMagic(bytes)) throw new CompactCaptureError(0, 'does not start with the compact magic');
      if (bytes[COMPACT_MAGIC.length] !== COMPACT_VERSION) throw new CompactCaptureError(COMPACT_MAGIC.length, `is version ${bytes[COMPACT_MAGIC.length]}, this crampwatch reads version ${COMPACT_VERSION}`);
      this.headerRead = true;
      at = COMPACT_HEADER_BYTES;
    }
    const { sink, topics } = this;
    const end = bytes.length;
    for (;;) {
      if (at >= end) break;
      const kind = bytes[at];
      if (kind === KIND_BINARY || kind === KIND_JSON) {
        if (end - at < MESSAGE_HEAD_BYTES) break;
        const length = bytes.readUInt32LE(at + 11);
        if (length > MAX_RECORD_BYTES) this.fail(at, `declares a message of ${length} bytes (more than ${MAX_RECORD_BYTES})`);
        if (end - at < MESSAGE_HEAD_BYTES + length) break;
        const rx = bytes.readDoubleLE(at + 1);
        if (!Number.isFinite(rx)) this.fail(at, 'has a receive time that is not a finite number');
        const topicIndex = bytes.readUInt16LE(at + 9);
        if (topicIndex >= topics.length) this.fail(at, `names topic number ${topicIndex}, but only ${topics.length} were defined before it`);
        const payload = bytes.subarray(at + MESSAGE_HEAD_BYTES, at + MESSAGE_HEAD_BYTES + length);
        if (kind === KIND_BINARY) sink.binary(rx, topics[topicIndex], topicIndex, payload);
        else sink.json(rx, topics[topicIndex], topicIndex, payload);
        at += MESSAGE_HEAD_BYTES + length;
      } else if (kind === KIND_LINE) {
        if (end - at < LINE_HEAD_BYTES) break;
        const length = bytes.readUInt32LE(at + 1);
        if (length > MAX_RECORD_BYTES) this.fail(at, `declares a line of ${length} bytes (more than ${MAX_RECORD_BYTES})`);
        if (end - at < LINE_HEAD_BYTES + length) break;
        sink.line(bytes.subarray(at + LINE_HEAD_BYTES, at + LINE_HEAD_BYTES + length));
        at += LINE_HEAD_BYTES + length;
      } else if (kind === KIND_TOPIC) {
        if (end - at < TOPIC_HEAD_BYTES) break;
        const length = bytes.readUInt16LE(at + 1);
        if (length > MAX_TOPIC_BYTES) this.fail(at, `declares a topic of ${length} bytes (more than ${MAX_TOPIC_BYTES})`);
        if (end - at < TOPIC_HEAD_BYTES + length) break;
        if (topics.length >= MAX_TOPICS) this.fail(at, `defines more than ${MAX_TOPICS} topics`);
        const topic = bytes.toString('utf8', at + TOPIC_HEAD_BYTES, at + TOPIC_HEAD_BYTES + length);
        if (topic.length > MAX_TOPIC_CHARS_IN_LINE) this.fail(at, `defines a topic of ${topic.length} characters (more than ${MAX_TOPIC_CHARS_IN_LINE})`);
        topics.push(topic);
        at += TOPIC_HEAD_BYTES + length;
      } else {
        this.fail(at, `has an unknown record kind 0x${kind.toString(16).padStart(2, '0')}`);
      }
    }
    this.offset += at;
    if (at < end) this.keepTail(bytes.subarray(at), recordBytes(bytes.subarray(at)));
    else this.tail = undefined;
  }

  /** The start of a record, or of the header, that needs `needed` bytes in all. */
  private keepTail(tail: Buffer, needed: number): void {
    this.tail = tail;
    this.needed = needed;
    this.waiting = [tail];
    this.waitingBytes = tail.length;
  }

  /** The stream ended: a record left half-read means the file was cut. */
  end(): void {
    if (!this.headerRead) throw new CompactCaptureError(0, 'ends before its header');
    if (this.tail !== undefined) {
      const tail = Buffer.concat(this.waiting, this.waitingBytes);
      throw new CompactCaptureError(this.offset, `is cut short: its last record (kind 0x${tail[0].toString(16).padStart(2, '0')}) lacks ${this.missingBytes(tail)} bytes`);
    }
  }

  /** `at` counts from the start of this push's bytes, which begin at this.offset in the stream */
  private fail(at: number, problem: string): never {
    throw new CompactCaptureError(this.offset + at, `record ${problem}`);
  }

  private missingBytes(tail: Buffer): string {
    const needed = recordBytes(tail);
    return tail.length < headBytes(tail[0]) ? `${needed - tail.length}+` : String(needed - tail.length);
  }
}

function headBytes(kind: number): number {
  return kind === KIND_TOPIC ? TOPIC_HEAD_BYTES : kind === KIND_LINE ? LINE_HEAD_BYTES : MESSAGE_HEAD_BYTES;
}

/** The whole record's size, as far as its start tells it: its head's size while the head is incomplete. */
function recordBytes(start: Buffer): number {
  const kind = start[0];
  const head = headBytes(kind);
  if (start.length < head) return head;
  const length = kind === KIND_TOPIC ? start.readUInt16LE(1) : kind === KIND_LINE ? start.readUInt32LE(1) : start.readUInt32LE(11);
  return head + length;
}
