// The compact capture (docs/compact-capture.md): converted from NDJSON and back byte for byte,
// replayed exactly as the NDJSON capture of the same night, and a cut or corrupt file stopped
// with the offset where it went wrong, never a crash or an allocation the file asks for.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompactCaptureError, COMPACT_MAGIC, KIND_BINARY, KIND_JSON, encodeMessage, encodeTopic } from '../../../src/adapters/capture/compact-format.ts';
import { CompactCaptureWriter } from '../../../src/adapters/capture/compact-write.ts';
import { convertCapture } from '../../../src/adapters/capture/convert.ts';
import { captureKind, readCaptureLines, readCaptureRecordBatches } from '../../../src/adapters/capture/read.ts';
import replay from '../../../src/cli/replay.ts';
import { randomNightSpec, writeCapture } from '../../../firmware-sim/src/night.ts';
import { createDeviceCore } from '../../../src/app/core-factory.ts';
import { replayLines } from '../../../src/ingest/replay.ts';
import { encodeBinaryFrame } from '../../../src/protocol/binary.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-compact-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TOPIC = 'crampwatch/v1/leg-01/frames';
const frameBytes = encodeBinaryFrame({ seq: 7, tMs: 1_764_201_600_000, emgFsHz: 1000, channels: ['gastrocnemius'], emgUv: [Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 40)] });
const b64 = Buffer.from(frameBytes).toString('base64');

/** Lines of every kind a capture can hold: records as the writers write them, and others. */
const LINES: Buffer[] = [
  `{"rx":1764201600102,"topic":"${TOPIC}","b64":"${b64}"}`,
  `{"rx":1764201600230.5,"topic":"${TOPIC}","json":{"v":1,"seq":3,"t":1764201600000,"fs":1000,"ch":["gastrocnemius"],"emg":[[1.5,-2,3e-7]]}}`,
  `{"rx":1764201600231,"topic":"crampwatch/v1/leg-01/status","json":{"v":1,"state":"online","fw":"1.4.2","t":1}}`,
  `{"rx":1764201600232,"topic":"crampwatch/v1/léġ-é😀/diary","json":{"text":"crampe é \\"quoted\\" 😀\\n"}}`,
  `{"rx": 1764201600233, "topic": "${TOPIC}", "json": {"v": 1}}`, // spaced: kept as a line
  `{"topic":"${TOPIC}","rx":1764201600234,"json":{}}`, // keys reordered
  `{"rx":1764201600235,"topic":"${TOPIC}","b64":"${b64.replace(/=+$/, '')}"}`, // base64 without its padding
  `{"rx":1764201600236,"topic":"${TOPIC}","json":{"v":1},"extra":true}`,
  `{"rx":1.0,"topic":"${TOPIC}","json":1}`, // rx written as JSON.stringify would not
  `{"rx":1,"topic":"${'x'.repeat(1100)}","json":1}`, // a topic too long for a record
  'not json at all',
  '{"rx":1,"topic":"crampwatch/v1/x/frames"}',
  '\u0000\u0001',
  `{"rx":1764201600237,"topic":"${TOPIC}","json":{"v":1}}\r`, // a \r\n line end
].map((line) => Buffer.from(line));
const INVALID_UTF8 = Buffer.concat([Buffer.from('{"rx":1,"topic":"a\xff'), Buffer.from([0xff, 0xc3]), Buffer.from('","json":1}')]);

async function ndjsonFile(name: string, lines: Buffer[], blankAt: number[] = []): Promise<string> {
  const parts: Buffer[] = [];
  lines.forEach((line, i) => {
    if (blankAt.includes(i)) parts.push(Buffer.from('  \n\n'));
    parts.push(line, Buffer.from('\n'));
  });
  const path = join(dir, name);
  await writeFile(path, gzipSync(Buffer.concat(parts)));
  return path;
}

describe('capture convert', () => {
  it('gives back every line of an NDJSON capture byte for byte (blank lines dropped)', async () => {
    const lines = [...LINES, INVALID_UTF8, ...LINES];
    const original = await ndjsonFile('mixed.ndjson.gz', lines, [2, 5]);
    const compact = join(dir, 'mixed.cwcap');
    const back = join(dir, 'mixed-back.ndjson');
    const there = await convertCapture(original, compact);
    expect(there.lines).toBe(lines.length);
    // the writers' records became message records, the others stayed lines
    expect(there.messages).toBe(8);
    expect(await captureKind(compact)).toEqual({ gzip: true, compact: true });
    await convertCapture(compact, back);
    expect((await readFile(back)).equals(Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])))).toBe(true);
    // and compact to compact is the same records again
    const again = join(dir, 'mixed-again.cwcap');
    await convertCapture(compact, again);
    expect(gunzipSync(await readFile(again)).equals(gunzipSync(await readFile(compact)))).toBe(true);
  });

  it('reads a compact capture as the lines of its NDJSON capture', async () => {
    const original = await ndjsonFile('lines.ndjson.gz', LINES);
    const compact = join(dir, 'lines.cwcap');
    await convertCapture(original, compact);
    const fromNdjson: string[] = [];
    for await (const line of readCaptureLines(original)) fromNdjson.push(line);
    const fromCompact: string[] = [];
    for await (const line of readCaptureLines(compact)) fromCompact.push(line);
    expect(fromCompact).toEqual(fromNdjson);
  });
});

describe('a night from a compact capture', () => {
  it('replays to the same episodes, summaries and rejects as its NDJSON capture', async () => {
    // a short night with cramps and binary frames, as the simulator writes it either way
    const spec = randomNightSpec(5, { preset: 'cramp', hours: 0.25 });
    const clean = join(dir, 'clean.ndjson.gz');
    await writeCapture(spec, clean, { binary: true });
    const written = join(dir, 'night-sim.cwcap');
    await writeCapture(spec, written, { binary: true });
    const converted = join(dir, 'clean.cwcap');
    await convertCapture(clean, converted);
    expect(gunzipSync(await readFile(written)).equals(gunzipSync(await readFile(converted)))).toBe(true);
    // and with lines of every other kind between its frames
    const frames = gunzipSync(await readFile(clean)).toString().trim().split('\n').map((line) => Buffer.from(line));
    const ndjson = await ndjsonFile('night.ndjson.gz', frames.flatMap((line, i) => (i % 40 === 7 ? [line, LINES[(i / 40) % LINES.length | 0]] : [line])));
    const compact = join(dir, 'night.cwcap');
    await convertCapture(ndjson, compact);

    const outputs = async (capture: string) => {
      const out = (name: string) => join(dir, `${name}-${capture.endsWith('.cwcap') ? 'compact' : 'ndjson'}`);
      expect(await replay([capture, '--episodes', out('e.json'), '--summaries', out('s.json'), '--rejects', out('r.ndjson'), '--quiet'])).toBe(0);
      return Promise.all(['e.json', 's.json', 'r.ndjson'].map((name) => readFile(out(name), 'utf8')));
    };
    const [episodes, summaries, rejects] = await outputs(ndjson);
    expect(JSON.parse(episodes).length).toBeGreaterThan(0);
    expect(rejects.length).toBeGreaterThan(0);
    expect(await outputs(compact)).toEqual([episodes, summaries, rejects]);
  });

  it('replays JSON frames, status and garbage lines as their NDJSON capture does', async () => {
    const original = await ndjsonFile('kinds.ndjson.gz', [...LINES, INVALID_UTF8]);
    const compact = join(dir, 'kinds.cwcap');
    await convertCapture(original, compact);
    const summary = async (path: string) => {
      const result = await replayLines(readCaptureRecordBatches(path), { createCore: createDeviceCore });
      return { lines: result.lines, rejects: result.rejects, counters: result.counters, fromMs: result.fromMs, toMs: result.toMs };
    };
    expect(await summary(compact)).toEqual(await summary(original));
  });
});

/** The unzipped records of a small compact capture with a topic, a binary and a JSON message. */
async function smallCompact(): Promise<Buffer> {
  const path = join(dir, `small-${Math.random().toString(36).slice(2)}.cwcap`);
  const writer = new CompactCaptureWriter(path);
  writer.write({ rx: 1, topic: TOPIC, b64 });
  writer.write({ rx: 2, topic: 'crampwatch/v1/leg-01/status', json: { v: 1, state: 'online' } });
  writer.write({ rx: 3, topic: TOPIC, b64 });
  await writer.close();
  return gunzipSync(await readFile(path));
}

async function readAll(bytes: Buffer, zip = true): Promise<number> {
  const path = join(dir, `hostile-${Math.random().toString(36).slice(2)}.cwcap`);
  await writeFile(path, zip ? gzipSync(bytes) : bytes);
  let records = 0;
  for await (const batch of readCaptureRecordBatches(path)) records += batch.length;
  return records;
}

describe('a cut or corrupt compact capture', () => {
  it('reads whole, zipped or not', async () => {
    const bytes = await smallCompact();
    expect(await readAll(bytes)).toBe(3);
    expect(await readAll(bytes, false)).toBe(3);
  });

  it('cut anywhere in its records: an error naming the offset', async () => {
    const bytes = await smallCompact();
    for (let cut = COMPACT_MAGIC.length + 1; cut < bytes.length; cut += 7) {
      const error = await readAll(bytes.subarray(0, cut)).catch((e: unknown) => e);
      if (typeof error === 'number') continue; // cut between records: what is there reads
      expect(error).toBeInstanceOf(CompactCaptureError);
      expect((error as Error).message).toMatch(/cut short.*at byte \d+/);
    }
  });

  it('a cut gzip stream: an error naming how far it unzipped', async () => {
    const zipped = gzipSync(await smallCompact());
    const path = join(dir, 'cut.cwcap');
    await writeFile(path, zipped.subarray(0, zipped.length - 12));
    const error = await (async () => {
      for await (const _ of readCaptureRecordBatches(path)) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompactCaptureError);
    expect((error as Error).message).toMatch(/cannot be unzipped further .*at byte \d+/);
  });

  it('lengths, kinds, topics and times it cannot hold: refused where they are, nothing allocated for them', async () => {
    const header = (await smallCompact()).subarray(0, COMPACT_MAGIC.length + 1);
    const topic = encodeTopic(TOPIC);
    const huge = encodeMessage(KIND_BINARY, 1, 0, new Uint8Array(4));
    huge.writeUInt32LE(0xffffffff, 11);
    const unknownTopic = encodeMessage(KIND_JSON, 1, 5, Buffer.from('{}'));
    const notFinite = encodeMessage(KIND_BINARY, Number.NaN, 0, new Uint8Array(4));
    const newer = Buffer.from(header);
    newer[COMPACT_MAGIC.length] = 9;
    const cases: [Buffer, RegExp][] = [
      [Buffer.concat([header, topic, huge]), new RegExp(`message of 4294967295 bytes .* at byte ${header.length + topic.length}\\b`)],
      [Buffer.concat([header, topic, Buffer.of(0x77, 1, 2, 3)]), new RegExp(`unknown record kind 0x77 at byte ${header.length + topic.length}\\b`)],
      [Buffer.concat([header, unknownTopic]), /topic number 5, but only 0 were defined before it at byte 9\b/],
      [Buffer.concat([header, topic, notFinite]), /not a finite number/],
      [Buffer.concat([newer, topic]), /version 9/],
    ];
    for (const [bytes, message] of cases) {
      const error = await readAll(bytes).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CompactCaptureError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('any byte changed: read, or refused with a CompactCaptureError, never anything else', async () => {
    const bytes = await smallCompact();
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 300; trial++) {
      const mutated = Buffer.from(bytes);
      const changes = 1 + Math.floor(random() * 3);
      for (let c = 0; c < changes; c++) mutated[COMPACT_MAGIC.length + 1 + Math.floor(random() * (mutated.length - COMPACT_MAGIC.length - 1))] = Math.floor(random() * 256);
      const outcome = await readAll(mutated).catch((e: unknown) => e);
      if (typeof outcome !== 'number') expect(outcome).toBeInstanceOf(CompactCaptureError);
    }
  });

  it('`crampwatch replay` says what is wrong and where, and exits 1', async () => {
    const bytes = await smallCompact();
    const path = join(dir, 'corrupt.cwcap');
    await writeFile(path, gzipSync(bytes.subarray(0, bytes.length - 3)));
    const errors: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      expect(await replay([path, '--quiet'])).toBe(1);
    } finally {
      console.error = error;
    }
    expect(errors.join('\n')).toMatch(/could not read .*corrupt\.cwcap: compact capture is cut short.* at byte \d+/);
  });
});
