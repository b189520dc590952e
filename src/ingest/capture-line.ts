// One line of a capture file (PROTOCOL §7): a message as it crossed the broker.
import type { FrameTextPayload, WirePayload } from '../protocol/decode.ts';
import { readCaptureLineText } from '../protocol/json-frame-text.ts';
import { reject, type Rejection } from '../protocol/rejection.ts';
import { DecodedPayloads } from './decoded-payloads.ts';

export interface CaptureRecord {
  rx: number;
  topic: string;
  json?: unknown;
  b64?: string;
  /** a binary payload as it arrived (a compact capture's, docs/compact-capture.md) */
  bytes?: Uint8Array;
  /** a JSON frame already read into typed arrays by the fast path (then `json` is absent) */
  frame?: FrameTextPayload;
}

/** a longer topic makes a capture line bad_line */
export const MAX_TOPIC_CHARS = 1024;

/** The envelope is four fields: checked by hand, since a capture holds a line per 100 ms frame
 *  and the payload inside is validated by decodeMessage anyway. */
function isRecordShape(value: unknown): value is CaptureRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { rx, topic, b64 } = value as Record<string, unknown>;
  return (
    typeof rx === 'number' &&
    Number.isFinite(rx) &&
    typeof topic === 'string' &&
    topic.length <= MAX_TOPIC_CHARS &&
    (b64 === undefined || typeof b64 === 'string')
  );
}

/** base64 payloads read from capture lines: shared, a view of it stays valid (decoded-payloads.ts) */
const payloads = new DecodedPayloads();

/**
 * The usual line (a frame, or a binary payload) of a capture's text, source[start, end) with
 * source[end] ending it (a '\r', '\n' or 0), read without JSON.parse; undefined for any other
 * line, which parseCaptureLine reads.
 */
export function readUsualCaptureLine(source: Buffer, start: number, end: number): CaptureRecord | undefined {
  const read = readCaptureLineText(source, start, end);
  if (read === undefined || read.frame !== undefined) return read;
  const bytes = payloads.decode(source, read.base64Start!, read.base64End!);
  return bytes && { rx: read.rx, topic: read.topic, bytes };
}

/** As readUsualCaptureLine, of a line's text. */
export function readUsualCaptureLineText(line: string): CaptureRecord | undefined {
  const source = Buffer.from(`${line}\n`, 'utf8'); // its own: a frame read keeps where its text lies
  return readUsualCaptureLine(source, 0, source.length - 1);
}

export function parseCaptureLine(line: string): CaptureRecord | Rejection {
  // the usual line (a frame, or a binary payload) read without JSON.parse; any other goes the
  // general way below, which reads every line and words every rejection
  const fast = readUsualCaptureLineText(line);
  if (fast) return fast;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return reject('bad_line', 'capture line is not valid JSON');
  }
  if (!isRecordShape(value)) return reject('bad_line', 'capture line is not a {rx, topic, json|b64} record');
  if (value.json === undefined && value.b64 === undefined) return reject('bad_line', 'capture line has neither json nor b64');
  // the parsed line itself, not a copy: a replay reads only rx, topic and the payload (and a
  // copy a line was a tenth of a replay's garbage); extra fields are ignored (PROTOCOL §3)
  return value;
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

export function payloadOf(record: CaptureRecord): WirePayload {
  if (record.bytes !== undefined) return { bytes: record.bytes };
  return record.b64 !== undefined ? { bytes: Buffer.from(record.b64, 'base64') } : { json: record.json };
}

/** The capture line for a live message: JSON payloads kept as parsed JSON, anything else as base64. */
export function captureRecordOf(topic: string, bytes: Uint8Array, rxMs: number): CaptureRecord {
  if (bytes[0] === 0x7b || bytes[0] === 0x5b) {
    try {
      return { rx: rxMs, topic, json: JSON.parse(Buffer.from(bytes).toString('utf8')) };
    } catch {
      // not JSON after all: kept byte for byte below
    }
  }
  return { rx: rxMs, topic, b64: Buffer.from(bytes).toString('base64') };
}
