// Writes a compact capture (docs/compact-capture.md) as messages arrive: a binary payload as its
// bytes, a JSON one as its text, each topic once. The same calls as CaptureWriter's, so `run
// --record NIGHT.cwcap` and the firmware-sim take either.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import { MAX_TOPIC_CHARS, type CaptureRecord } from '../../ingest/capture-line.ts';
import { compactHeader, encodeLine, encodeMessage, encodeTopic, KIND_BINARY, KIND_JSON, MAX_TOPICS } from './compact-format.ts';
import { binaryLine, jsonLine, linePrefix } from './compact-lines.ts';

export const COMPACT_EXTENSION = '.cwcap';

export class CompactCaptureWriter {
  private readonly gzip: Gzip;
  private readonly file: WriteStream;
  private readonly topics = new Map<string, number>();
  lines = 0;

  constructor(readonly path: string) {
    this.gzip = createGzip();
    this.file = createWriteStream(path);
    this.gzip.pipe(this.file);
    this.gzip.write(compactHeader());
  }

  /**
   * A capture record as CaptureWriter takes it. It is kept as a message record when reading it
   * back as NDJSON gives the line CaptureWriter would have written; otherwise as that line.
   */
  write(record: CaptureRecord): boolean {
    if (record.b64 !== undefined) {
      const bytes = Buffer.from(record.b64, 'base64');
      if (bytes.toString('base64') === record.b64) return this.writeMessage(KIND_BINARY, record.rx, record.topic, bytes);
    } else if (record.bytes !== undefined) {
      return this.writeMessage(KIND_BINARY, record.rx, record.topic, record.bytes);
    } else if (record.json !== undefined) {
      return this.writeMessage(KIND_JSON, record.rx, record.topic, Buffer.from(JSON.stringify(record.json)));
    }
    return this.writeLine(Buffer.from(JSON.stringify(record)));
  }

  /** A binary payload (KIND_BINARY) or a JSON payload's text (KIND_JSON). */
  writeMessage(kind: typeof KIND_BINARY | typeof KIND_JSON, rx: number, topic: string, payload: Uint8Array): boolean {
    const index = this.topicIndex(topic);
    if (index === undefined || !Number.isFinite(rx)) {
      // past the topic table, or not what a record holds: the line itself
      const prefix = linePrefix(rx, topic);
      return this.writeLine(Buffer.from(kind === KIND_BINARY ? binaryLine(prefix, payload) : jsonLine(prefix, Buffer.from(payload).toString('utf8'))));
    }
    this.lines++;
    return this.gzip.write(encodeMessage(kind, rx, index, payload));
  }

  /** A line kept as it was, without its \n. */
  writeLine(line: Uint8Array): boolean {
    this.lines++;
    return this.gzip.write(encodeLine(line));
  }

  async drained(): Promise<void> {
    if (this.gzip.writableNeedDrain) await once(this.gzip, 'drain');
  }

  async close(): Promise<void> {
    this.gzip.end();
    await once(this.file, 'close');
  }

  private topicIndex(topic: string): number | undefined {
    const known = this.topics.get(topic);
    if (known !== undefined) return known;
    if (this.topics.size >= MAX_TOPICS || topic.length > MAX_TOPIC_CHARS) return undefined;
    const index = this.topics.size;
    this.topics.set(topic, index);
    this.gzip.write(encodeTopic(topic));
    return index;
  }
}
