// One line of a capture file (PROTOCOL §7): a message as it crossed the broker.
import { z } from 'zod';
import type { Payload } from '../protocol/decode.ts';
import { reject, type Rejection } from '../protocol/rejection.ts';

export interface CaptureRecord {
  rx: number;
  topic: string;
  json?: unknown;
  b64?: string;
}

const captureRecordSchema = z.object({
  rx: z.number().finite(),
  topic: z.string().max(1024),
  json: z.unknown().optional(),
  b64: z.string().optional(),
});

export function parseCaptureLine(line: string): CaptureRecord | Rejection {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return reject('bad_line', 'capture line is not valid JSON');
  }
  const parsed = captureRecordSchema.safeParse(value);
  if (!parsed.success) return reject('bad_line', 'capture line is not a {rx, topic, json|b64} record');
  if (parsed.data.json === undefined && parsed.data.b64 === undefined) return reject('bad_line', 'capture line has neither json nor b64');
  return parsed.data;
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

export function payloadOf(record: CaptureRecord): Payload {
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
