// Reads a compact capture (docs/compact-capture.md) for replay: binary payloads handed on as the
// bytes that arrived, JSON payloads and kept lines through the same readers as an NDJSON
// capture's lines, so a night replays the same from either file.
import type { Readable } from 'node:stream';
import { readUsualCaptureLineText, type CaptureRecord } from '../../ingest/capture-line.ts';
import { CompactCaptureError, CompactRecordDecoder, type CompactRecordSink } from './compact-format.ts';
import { binaryLine, jsonLine } from './compact-lines.ts';

/** Where a sink puts what it makes of the records: taken, and replaced, after each chunk. */
interface Batch<T> {
  items: T[];
}

/**
 * The records of an unzipped stream, a chunk's worth at a time, made into items by `sinkFor`.
 * Throws CompactCaptureError (with the offset) for a cut or corrupt file, after the records before it.
 */
async function* compactBatches<T>(stream: Readable, sinkFor: (batch: Batch<T>) => CompactRecordSink): AsyncGenerator<T[]> {
  const batch: Batch<T> = { items: [] };
  const decoder = new CompactRecordDecoder(sinkFor(batch));
  let offset = 0;
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await chunks.next();
    } catch (error) {
      // zlib's own words ("unexpected end of file", "incorrect header check") and where it stopped
      throw new CompactCaptureError(offset, `cannot be unzipped further (${(error as Error).message})`);
    }
    if (next.done) break;
    decoder.push(next.value);
    offset += next.value.length;
    if (batch.items.length > 0) {
      const items = batch.items;
      batch.items = [];
      yield items;
    }
  }
  decoder.end();
}

/** Replay lines (as readCaptureRecordBatches gives an NDJSON capture's). */
export function compactRecordBatches(stream: Readable): AsyncGenerator<(string | CaptureRecord)[]> {
  const prefixes = new TopicPrefixes();
  return compactBatches<string | CaptureRecord>(stream, (batch) => ({
    binary: (rx, topic, _index, bytes) => batch.items.push({ rx, topic, bytes }),
    json: (rx, topic, index, text) => {
      const line = jsonLine(prefixes.of(rx, topic, index), text.toString('utf8'));
      batch.items.push(readUsualCaptureLineText(line) ?? line);
    },
    line: (bytes) => {
      const line = keptLine(bytes);
      if (line !== undefined) batch.items.push(readUsualCaptureLineText(line) ?? line);
    },
  }));
}

/** The capture's lines as NDJSON, without their \n: each the bytes of the NDJSON capture's line it came from. */
export function compactNdjsonLines(stream: Readable): AsyncGenerator<Buffer[]> {
  const prefixes = new TopicPrefixes();
  return compactBatches<Buffer>(stream, (batch) => ({
    binary: (rx, topic, index, bytes) => batch.items.push(Buffer.from(binaryLine(prefixes.of(rx, topic, index), bytes))),
    json: (rx, topic, index, text) => batch.items.push(Buffer.from(jsonLine(prefixes.of(rx, topic, index), text.toString('utf8')))),
    line: (bytes) => batch.items.push(bytes),
  }));
}

/** The capture's lines as text, as readCaptureLineBatches gives an NDJSON capture's: blank ones skipped. */
export async function* compactTextLines(stream: Readable): AsyncGenerator<string[]> {
  for await (const lines of compactNdjsonLines(stream)) {
    const texts: string[] = [];
    for (const bytes of lines) {
      const line = keptLine(bytes);
      if (line !== undefined) texts.push(line);
    }
    if (texts.length > 0) yield texts;
  }
}

/** A kept line as an NDJSON reader gives it: without a trailing \r, undefined when blank. */
function keptLine(bytes: Buffer): string | undefined {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end--;
  if (end === 0) return undefined;
  const line = bytes.toString('utf8', 0, end);
  return line.trim() === '' ? undefined : line;
}

/** `{"rx":…,"topic":"…",` — the topic's JSON text made once per topic. */
class TopicPrefixes {
  private readonly topicJson: string[] = [];

  of(rx: number, topic: string, index: number): string {
    const json = (this.topicJson[index] ??= JSON.stringify(topic));
    return `{"rx":${JSON.stringify(rx)},"topic":${json},`;
  }
}
