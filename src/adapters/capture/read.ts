// Reads a capture file (PROTOCOL §7) line by line: gzip-compressed NDJSON, or plain NDJSON; or a
// compact capture (docs/compact-capture.md), told by its magic, as the same lines and records.
// Lines are split by hand from 64 KiB chunks: node:readline's event machinery and zlib's default
// 16 KiB chunks cost more than the splitting itself (bench/RESULTS.md, "replay").
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync, type ZlibOptions } from 'node:zlib';
import { readUsualCaptureLine, type CaptureRecord } from '../../ingest/capture-line.ts';
import { startsWithCompactMagic } from './compact-format.ts';
import { compactNdjsonLines, compactRecordBatches, compactTextLines } from './compact-read.ts';

const READ_BYTES = 1 << 20;
const GUNZIP_CHUNK_BYTES = 1 << 16;
const READ_AHEAD_BYTES = 1 << 23;
/** a compact capture's records are read from larger chunks: fewer awaits, fewer records cut in two */
const COMPACT_CHUNK_BYTES = 1 << 18;
/** so are a replay's lines, read as bytes (no text to build, so no cost in a larger chunk): fewer
 *  unzipping calls and lines cut in two; 4 % less CPU for an 8 h binary night than 64 KiB */
const RECORD_CHUNK_BYTES = 1 << 18;

/** Enough of the file's start to find the compact magic inside a gzip header and first block. */
const SNIFF_BYTES = 4096;

export interface CaptureKind {
  gzip: boolean;
  /** a compact capture (docs/compact-capture.md), told by its magic, zipped or not */
  compact: boolean;
}

/** What the file is, from its first bytes: an NDJSON capture unless it starts with the compact magic. */
export async function captureKind(path: string): Promise<CaptureKind> {
  const file = await open(path, 'r');
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (!gzip) return { gzip, compact: startsWithCompactMagic(head) };
  let unzipped: Buffer;
  try {
    // a cut stream is what it is here: Z_SYNC_FLUSH gives what the head unzips to, without the end
    unzipped = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return { gzip, compact: false }; // its reader reports the damage
  }
  return { gzip, compact: startsWithCompactMagic(unzipped) };
}

/** The file's bytes in chunks, unzipped if it is gzip (see openCaptureText). */
function openCaptureBytes(path: string, gzip: boolean, readAheadBytes?: number, chunkBytes = GUNZIP_CHUNK_BYTES): Readable {
  const file = createReadStream(path, { highWaterMark: READ_BYTES });
  // (without readAheadBytes, the stream's own default, as bench/parse-floor.ts reads)
  const options: ZlibOptions = readAheadBytes === undefined ? { chunkSize: chunkBytes } : ({ chunkSize: chunkBytes, readableHighWaterMark: readAheadBytes } as ZlibOptions);
  const stream = gzip ? file.pipe(createGunzip(options)) : file;
  file.on('error', (error) => stream.destroy(error));
  return stream;
}

/**
 * The file's text in chunks, unzipped if it is gzip. Throws only if it cannot be opened or unzipped.
 * `readAheadBytes`: how much unzipped text may wait for the reader. Unzipping runs on libuv's
 * thread pool, but only while the stream is below that mark: with room to run ahead it unzips on
 * the other core while the reader works, instead of one chunk each time the reader asks.
 */
export async function openCaptureText(path: string, readAheadBytes?: number): Promise<AsyncIterable<string>> {
  const { gzip } = await captureKind(path);
  return captureText(path, gzip, readAheadBytes);
}

function captureText(path: string, gzip: boolean, readAheadBytes?: number): AsyncIterable<string> {
  const stream = openCaptureBytes(path, gzip, readAheadBytes);
  stream.setEncoding('utf8');
  return stream as AsyncIterable<string>;
}

/** A compact capture's bytes (captureKind said so), in larger chunks for its records. */
function openCompact(path: string, gzip: boolean): Readable {
  return openCaptureBytes(path, gzip, READ_AHEAD_BYTES, COMPACT_CHUNK_BYTES);
}

/**
 * The capture's lines (\n or \r\n), blank ones skipped, a chunk's worth at a time: one await
 * for some hundred lines instead of one a line (replayLines takes either). Throws only if the
 * file cannot be opened or unzipped.
 */
export async function* readCaptureLineBatches(path: string): AsyncGenerator<string[]> {
  const { gzip, compact } = await captureKind(path);
  if (compact) return yield* compactTextLines(openCompact(path, gzip));
  let rest = '';
  for await (const chunk of captureText(path, gzip)) {
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
 * records where they lie in the unzipped bytes, and the others as their text for
 * parseCaptureLine: a replay reads each line once, and never decodes the text from UTF-8, nor
 * makes a string of a base64 payload. Only a line cut by a chunk's end is copied, to be joined.
 */
export async function* readCaptureRecordBatches(path: string): AsyncGenerator<(string | CaptureRecord)[]> {
  const { gzip, compact } = await captureKind(path);
  if (compact) return yield* compactRecordBatches(openCompact(path, gzip));
  /** the start of a line the last chunk's end cut */
  let cut: Buffer | undefined;
  for await (const chunk of openCaptureBytes(path, gzip, READ_AHEAD_BYTES, RECORD_CHUNK_BYTES) as AsyncIterable<Buffer>) {
    let start = 0;
    const records: (string | CaptureRecord)[] = [];
    if (cut !== undefined) {
      const end = chunk.indexOf(10);
      if (end < 0) {
        cut = Buffer.concat([cut, chunk]);
        continue;
      }
      // the joined line keeps its '\n': the readers' end mark
      const line = Buffer.concat([cut, chunk.subarray(0, end + 1)]);
      pushRecord(records, line, 0, line.length - 1);
      cut = undefined;
      start = end + 1;
    }
    for (let end = chunk.indexOf(10, start); end >= 0; end = chunk.indexOf(10, start)) {
      pushRecord(records, chunk, start, end);
      start = end + 1;
    }
    if (start < chunk.length) cut = chunk.subarray(start);
    if (records.length > 0) yield records;
  }
  if (cut !== undefined) {
    const records: (string | CaptureRecord)[] = [];
    const line = Buffer.concat([cut, LINE_END]);
    pushRecord(records, line, 0, cut.length);
    if (records.length > 0) yield records;
  }
}

const LINE_END = Buffer.from('\n');

/** The line bytes[start, end) (bytes[end] its '\n'), read into a record, or as its text; nothing when blank. */
function pushRecord(records: (string | CaptureRecord)[], bytes: Buffer, start: number, end: number): void {
  const lineEnd = end > start && bytes[end - 1] === 13 ? end - 1 : end;
  const record = lineEnd > start ? readUsualCaptureLine(bytes, start, lineEnd) : undefined;
  if (record !== undefined) return void records.push(record);
  const text = bytes.toString('utf8', start, lineEnd);
  if (text.trim() !== '') records.push(text);
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

/**
 * The capture's lines as NDJSON bytes, without their \n (a \r kept), blank ones skipped: an
 * NDJSON capture's as they are in the file, a compact capture's as the NDJSON they came from.
 * For converting captures byte for byte; a replay reads through readCaptureRecordBatches.
 */
export async function* readCaptureLineBytes(path: string): AsyncGenerator<Buffer[]> {
  const { gzip, compact } = await captureKind(path);
  if (compact) return yield* compactNdjsonLines(openCompact(path, gzip));
  let rest: Buffer | undefined;
  for await (const chunk of openCaptureBytes(path, gzip) as AsyncIterable<Buffer>) {
    const bytes = rest !== undefined ? Buffer.concat([rest, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = bytes.indexOf(10, start); end >= 0; end = bytes.indexOf(10, start)) {
      if (!isBlank(bytes, start, end)) lines.push(bytes.subarray(start, end));
      start = end + 1;
    }
    rest = start < bytes.length ? bytes.subarray(start) : undefined;
    if (lines.length > 0) yield lines;
  }
  if (rest !== undefined && !isBlank(rest, 0, rest.length)) yield [rest];
}

/** Blank as lineAt says it: nothing but whitespace once read as text. */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  return bytes.toString('utf8', start, end).trim() === '';
}
