// Reads a capture file (PROTOCOL §7) line by line: gzip-compressed NDJSON, or plain NDJSON.
// Lines are split by hand from 64 KiB chunks: node:readline's event machinery and zlib's default
// 16 KiB chunks cost more than the splitting itself (bench/RESULTS.md, "replay").
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import type { CaptureRecord } from '../../ingest/capture-line.ts';
import { readCaptureLineText } from '../../protocol/json-frame-text.ts';

const READ_BYTES = 1 << 20;
const GUNZIP_CHUNK_BYTES = 1 << 16;
const READ_AHEAD_BYTES = 1 << 23;

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/**
 * The file's text in chunks, unzipped if it is gzip. Throws only if it cannot be opened or unzipped.
 * `readAheadBytes`: how much unzipped text may wait for the reader. Unzipping runs on libuv's
 * thread pool, but only while the stream is below that mark: with room to run ahead it unzips on
 * the other core while the reader works, instead of one chunk each time the reader asks.
 */
export async function openCaptureText(path: string, readAheadBytes?: number): Promise<AsyncIterable<string>> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: READ_BYTES });
  // (without readAheadBytes, the stream's own default, as bench/parse-floor.ts reads)
  const options: ZlibOptions = readAheadBytes === undefined ? { chunkSize: GUNZIP_CHUNK_BYTES } : ({ chunkSize: GUNZIP_CHUNK_BYTES, readableHighWaterMark: readAheadBytes } as ZlibOptions);
  const stream = gzip ? file.pipe(createGunzip(options)) : file;
  file.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  return stream as AsyncIterable<string>;
}

/**
 * The capture's lines (\n or \r\n), blank ones skipped, a chunk's worth at a time: one await
 * for some hundred lines instead of one a line (replayLines takes either). Throws only if the
 * file cannot be opened or unzipped.
 */
export async function* readCaptureLineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of await openCaptureText(path)) {
    const text = rest.length > 0 ? rest + chunk : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      const line = lineAt(text, start, end);
      if (line !== undefined) lines.push(line);
      start = end + 1;
    }
    rest = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  const last = lineAt(rest, 0, rest.length);
  if (last !== undefined) yield [last];
}

/**
 * As readCaptureLineBatches, with the usual lines (a frame, a binary payload) already read into
 * records where they lie in the chunk, and the others as their text for parseCaptureLine: a
 * replay reads each line once, and never through a line sliced out of its chunk, which read a
 * fifth slower character by character.
 */
export async function* readCaptureRecordBatches(path: string): AsyncGenerator<(string | CaptureRecord)[]> {
  let rest = '';
  for await (const chunk of await openCaptureText(path, READ_AHEAD_BYTES)) {
    const text = rest.length > 0 ? rest + chunk : chunk;
    const lines: (string | CaptureRecord)[] = [];
    let start = 0;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      const line = recordAt(text, start, end);
      if (line !== undefined) lines.push(line);
      start = end + 1;
    }
    rest = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  const last = recordAt(rest, 0, rest.length);
  if (last !== undefined) yield [last];
}

function recordAt(text: string, start: number, end: number): string | CaptureRecord | undefined {
  const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  return (lineEnd > start ? readCaptureLineText(text, start, lineEnd) : undefined) ?? lineAt(text, start, end);
}

/** The capture's lines (\n or \r\n), blank ones skipped. Throws only if the file cannot be opened or unzipped. */
export async function* readCaptureLines(path: string): AsyncGenerator<string> {
  for await (const lines of readCaptureLineBatches(path)) yield* lines;
}

/** text[start, end) without a trailing \r, or undefined when that is blank. */
function lineAt(text: string, start: number, end: number): string | undefined {
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  if (end <= start) return undefined;
  const line = text.slice(start, end);
  return line.trim() === '' ? undefined : line;
}
