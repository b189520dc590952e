// Between NDJSON capture lines (PROTOCOL §7) and compact records: a line goes into a message
// record only if writing that record back gives the very same bytes, so a conversion there and
// back is lossless; every other line (spaced, reordered, garbage, not UTF-8) is kept as it was.
import { MAX_TOPIC_CHARS } from '../../ingest/capture-line.ts';

/** The line's beginning up to the payload, as JSON.stringify writes a record: `{"rx":…,"topic":"…",` */
export function linePrefix(rx: number, topic: string): string {
  return `{"rx":${JSON.stringify(rx)},"topic":${JSON.stringify(topic)},`;
}

export function binaryLine(prefix: string, bytes: Uint8Array): string {
  return `${prefix}"b64":"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')}"}`;
}

export function jsonLine(prefix: string, text: string): string {
  return `${prefix}"json":${text}}`;
}

export type LineMessage = { rx: number; topic: string; bytes: Buffer; json?: undefined } | { rx: number; topic: string; json: Buffer; bytes?: undefined };

/** The message a line holds, when the line is exactly what a compact record writes back; else undefined. */
export function messageOfLine(line: Buffer): LineMessage | undefined {
  // 0x7b '{', 0x22 '"': the cheap test first, garbage lines are common in some captures
  if (line.length < 8 || line[0] !== 0x7b || line[1] !== 0x22) return undefined;
  const text = line.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== 3 || keys[0] !== 'rx' || keys[1] !== 'topic') return undefined;
  const { rx, topic } = record;
  if (typeof rx !== 'number' || !Number.isFinite(rx) || typeof topic !== 'string' || topic.length > MAX_TOPIC_CHARS) return undefined;
  const prefix = linePrefix(rx, topic);
  if (keys[2] === 'b64' && typeof record.b64 === 'string') {
    const bytes = Buffer.from(record.b64, 'base64');
    if (!line.equals(Buffer.from(binaryLine(prefix, bytes)))) return undefined;
    return { rx, topic, bytes };
  }
  if (keys[2] === 'json' && record.json !== undefined) {
    const json = JSON.stringify(record.json);
    if (!line.equals(Buffer.from(jsonLine(prefix, json)))) return undefined;
    return { rx, topic, json: Buffer.from(json) };
  }
  return undefined;
}
