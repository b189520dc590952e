// Converts a capture between NDJSON (PROTOCOL §7) and the compact form (docs/compact-capture.md),
// line for line: each line of an NDJSON capture comes back byte for byte from its compact copy
// (blank lines are dropped, and every line ends in \n).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { KIND_BINARY, KIND_JSON } from './compact-format.ts';
import { messageOfLine } from './compact-lines.ts';
import { CompactCaptureWriter } from './compact-write.ts';
import { isCompactCapturePath } from './open-writer.ts';
import { readCaptureLineBytes } from './read.ts';

export interface ConvertResult {
  lines: number;
  /** lines kept as message records (the rest kept as they were) */
  messages: number;
  compact: boolean;
}

/** IN (either form, told by its magic) to OUT: compact when OUT ends in .cwcap, else NDJSON, gzipped when OUT ends in .gz. */
export async function convertCapture(inPath: string, outPath: string): Promise<ConvertResult> {
  // written aside and renamed: a damaged IN leaves no half OUT behind (the records before the damage are lost with it)
  const partial = `${outPath}.${process.pid}.partial`;
  try {
    const result = isCompactCapturePath(outPath) ? await toCompact(inPath, partial) : await toNdjson(inPath, partial, outPath.endsWith('.gz'));
    await rename(partial, outPath);
    return result;
  } finally {
    await rm(partial, { force: true });
  }
}

async function toCompact(inPath: string, outPath: string): Promise<ConvertResult> {
  const writer = new CompactCaptureWriter(outPath);
  let messages = 0;
  try {
    for await (const lines of readCaptureLineBytes(inPath)) {
      for (const line of lines) {
        const message = messageOfLine(line);
        if (message === undefined) writer.writeLine(line);
        else {
          messages++;
          if (message.bytes !== undefined) writer.writeMessage(KIND_BINARY, message.rx, message.topic, message.bytes);
          else writer.writeMessage(KIND_JSON, message.rx, message.topic, message.json);
        }
      }
      await writer.drained();
    }
  } finally {
    await writer.close();
  }
  return { lines: writer.lines, messages, compact: true };
}

async function toNdjson(inPath: string, outPath: string, gzip: boolean): Promise<ConvertResult> {
  let lines = 0;
  const newline = Buffer.of(10);
  async function* text() {
    for await (const batch of readCaptureLineBytes(inPath)) {
      const parts: Buffer[] = [];
      for (const line of batch) parts.push(line, newline);
      lines += batch.length;
      yield Buffer.concat(parts);
    }
  }
  const file = createWriteStream(outPath);
  if (gzip) await pipeline(Readable.from(text()), createGzip(), file);
  else await pipeline(Readable.from(text()), file);
  if (!file.closed) await once(file, 'close');
  return { lines, messages: 0, compact: false };
}
