// `crampwatch replay` reads its capture on a second thread (readCaptureInWorker), which decodes
// the frames there and hands them over packed. A replay through it must be the replay on one
// thread (readCaptureRecordBatches, each line decoded by the Ingestor): the same episodes,
// signals, limb movements, night statistics, counters, diaries and rejections (code, reason,
// topic, payload, receive time), in the same order, for JSON, binary and compact captures with
// hostile lines among the real ones, whichever thread reads which line, and for a cut file the
// same lines before the same error.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNightSpec, writeCapture } from '../../../firmware-sim/src/night.ts';
import { convertCapture } from '../../../src/adapters/capture/convert.ts';
import { holdsJsonFrames, readCaptureRecordBatches } from '../../../src/adapters/capture/read.ts';
import { readCaptureForReplay, readCaptureInWorker } from '../../../src/adapters/capture/worker-read.ts';
import { createDeviceCore } from '../../../src/app/core-factory.ts';
import { ReplaySession, type ReplayInput } from '../../../src/ingest/replay.ts';
import { encodeBinaryFrame } from '../../../src/protocol/binary.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-worker-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FRAMES = 'crampwatch/v1/leg-01/frames';
const frame = (fields: Record<string, unknown> = {}) => ({ v: 1, seq: 5, t: 1771286399280, emg: { fs: 1000, ch: ['gastrocnemius'], uv: [[1.5, -2]] }, ...fields });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const binaryFrame = b64(encodeBinaryFrame({ seq: 7, tMs: 1771286399280, emgFsHz: 1000, channels: ['soleus'], emgUv: [new Float32Array([3, 4])] }));

/** Lines a capture may hold that are not the usual frame, each taken by a different path. */
const HOSTILE = [
  'not json at all',
  '[1,2,3]',
  '{"rx":"soon","topic":5,"json":{}}',
  '\u0000\u0001',
  JSON.stringify({ rx: 1, topic: 'crampwatch/v1/../../etc/frames', json: frame() }), // the fast reader takes it, the topic does not
  JSON.stringify({ rx: 2, topic: 'crampwatch/v1/leg 01/frames', json: frame() }),
  JSON.stringify({ rx: 3, topic: FRAMES, json: frame({ bat: 2 }) }), // bad_schema, by the general path
  JSON.stringify({ rx: 4, topic: FRAMES, json: frame({ extra: true }) }),
  JSON.stringify({ rx: 5, topic: FRAMES, json: { v: 1, seq: 1 } }),
  JSON.stringify({ rx: 6, topic: FRAMES, b64: 'AAAA' }),
  JSON.stringify({ rx: 7, topic: FRAMES, b64: binaryFrame }),
  JSON.stringify({ rx: 8, topic: 'crampwatch/v1/leg-01/status', b64: b64(Buffer.from('{"v":1,"state":"online","t":8}')) }),
  JSON.stringify({ rx: 9, topic: 'crampwatch/v1/leg-01/profile', json: { v: 1, age: 300 } }),
  JSON.stringify({ rx: 10, topic: 'crampwatch/v1/leg-01/unknown', b64: binaryFrame }),
  JSON.stringify({ rx: 11, topic: 'crampwatch/v1/leg-02/frames', json: frame({ seq: 6 }) }) + '\r',
];

/** A simulated night with the hostile lines spread through it. */
async function hostileCapture(name: string, binary: boolean): Promise<string> {
  const clean = join(dir, `${name}-clean.ndjson.gz`);
  await writeCapture(randomNightSpec(5, { preset: 'cramp', hours: 0.08 }), clean, { binary });
  const lines = gunzipSync(await readFile(clean)).toString().trim().split('\n');
  const mixed = lines.flatMap((line, i) => (i % 97 === 3 ? [line, HOSTILE[(i / 97) % HOSTILE.length | 0]] : [line]));
  const path = join(dir, `${name}.ndjson.gz`);
  await writeFile(path, gzipSync(mixed.concat(HOSTILE).join('\n') + '\n'));
  return path;
}

/** Everything a replay of `input` reports, in the order reported; and the error it ended on, if any. */
async function replayed(input: ReplayInput) {
  const seen: unknown[][] = [];
  const session = new ReplaySession({
    createCore: createDeviceCore,
    sink: { episode: (e) => seen.push(['episode', e]), signal: (s) => seen.push(['signal', s]), limbMovement: (m) => seen.push(['movement', m]) },
    onReject: (rejection, topic, payload, rxMs) => seen.push(['reject', rejection, topic, payload, rxMs]),
    onNightEnded: (stats) => seen.push(['night', stats]),
    onDiary: (entry) => seen.push(['diary', entry]),
    progressEvery: 1000,
    onProgress: (lines) => seen.push(['progress', lines]),
  });
  let error: string | undefined;
  try {
    await session.replay(input);
  } catch (e) {
    error = (e as Error).message;
  }
  const { ingestor: _ingestor, ...result } = session.result();
  return { seen, result, error };
}

async function expectSameReplay(path: string): Promise<void> {
  const oneThread = await replayed(readCaptureRecordBatches(path));
  const twoThreads = await replayed(readCaptureInWorker(path));
  expect(twoThreads).toEqual(oneThread);
  expect(oneThread.seen.filter(([kind]) => kind === 'reject').length).toBeGreaterThan(HOSTILE.length);
}

describe('a capture read on a worker thread', () => {
  it('replays a JSON capture with hostile lines as one thread does', async () => {
    await expectSameReplay(await hostileCapture('json', false));
  });

  it('replays a binary capture with hostile lines as one thread does', async () => {
    await expectSameReplay(await hostileCapture('binary', true));
  });

  it('replays a compact capture as one thread does', async () => {
    const compact = join(dir, 'binary.cwcap');
    await convertCapture(await hostileCapture('binary-to-compact', true), compact);
    await expectSameReplay(compact);
  });

  it('lines left unread for the main thread (as the reading thread does while it waits) replay the same', async () => {
    const path = await hostileCapture('left-unread', false);
    let line = 0;
    const everyThirdUnread = () => line++ % 3 !== 0;
    expect(await replayed(readCaptureRecordBatches(path, everyThirdUnread))).toEqual(await replayed(readCaptureRecordBatches(path)));
  });

  it('a cut file: the same lines, then the same error', async () => {
    const whole = await readFile(await hostileCapture('cut', false));
    const cut = join(dir, 'cut-short.ndjson.gz');
    await writeFile(cut, whole.subarray(0, whole.length >> 1));
    const oneThread = await replayed(readCaptureRecordBatches(cut));
    expect(oneThread.error).toBeDefined();
    expect(oneThread.result.lines).toBeGreaterThan(0);
    expect(await replayed(readCaptureInWorker(cut))).toEqual(oneThread);
  });

  it('is what `crampwatch replay` takes for JSON frames only (holdsJsonFrames)', async () => {
    const compact = join(dir, 'kind.cwcap');
    await convertCapture(await hostileCapture('kind-binary', true), compact);
    expect(await holdsJsonFrames(await hostileCapture('kind-json', false))).toBe(true);
    expect(await holdsJsonFrames(join(dir, 'kind-binary.ndjson.gz'))).toBe(false);
    expect(await holdsJsonFrames(compact)).toBe(false);
    expect(await holdsJsonFrames(join(dir, 'no-such-capture.ndjson.gz'))).toBe(false);
  });

  it('`crampwatch replay` reads the same with a core idle for the second thread or none', async () => {
    const path = await hostileCapture('idle-cores', false);
    expect(await replayed(await readCaptureForReplay(path, 1))).toEqual(await replayed(await readCaptureForReplay(path, 0)));
  });

  it('a missing file: the same error', async () => {
    const missing = join(dir, 'no-such-capture.ndjson.gz');
    const oneThread = await replayed(readCaptureRecordBatches(missing));
    expect(oneThread.error).toMatch(/ENOENT/);
    expect(await replayed(readCaptureInWorker(missing))).toEqual(oneThread);
  });
});
