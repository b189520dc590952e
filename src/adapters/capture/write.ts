// Writes a capture file (PROTOCOL §7) as messages arrive: gzip NDJSON, one message a line.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import type { CaptureRecord } from '../../ingest/capture-line.ts';

export class CaptureWriter {
  private readonly gzip: Gzip;
  private readonly file: WriteStream;
  lines = 0;

  constructor(readonly path: string) {
    this.gzip = createGzip();
    this.file = createWriteStream(path);
    this.gzip.pipe(this.file);
  }

  /** Buffered by the stream; returns false when the caller should wait for `drained()`. */
  write(record: CaptureRecord): boolean {
    this.lines++;
    return this.gzip.write(JSON.stringify(record) + '\n');
  }

  async drained(): Promise<void> {
    if (this.gzip.writableNeedDrain) await once(this.gzip, 'drain');
  }

  async close(): Promise<void> {
    this.gzip.end();
    await once(this.file, 'close');
  }
}
