// Fault 2, the hard way (issue 7): the pipeline process is killed (SIGKILL) mid-stream and
// started again. A frame is acknowledged only after it was processed, so the broker redelivers
// every frame the dead process had not acknowledged: none is lost. Frames processed but not yet
// acknowledged at the moment of death come again: after a crash delivery is at least once, and
// the figure is printed (a graceful stop has none, see pipeline-restart.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import type { Episode } from '../../src/core/types.ts';
import { payloadOf, type CaptureRecord } from '../../src/ingest/capture-line.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { seqSummary } from '../helpers/counting-core.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { connectSensor } from '../helpers/sensor.ts';
import { until } from '../helpers/until.ts';

const SCRIPT = resolve(import.meta.dirname, 'support/pipeline-process.ts');
let broker: Mosquitto;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-crash-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function startPipelineProcess(seqFile: string, core = 'appending', name = 'crash'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, broker.url, join(dir, `data-${name}`), seqFile, `pipeline-${name}`, core], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((ready, failed) => {
    child.stdout!.on('data', (text: Buffer) => text.toString().includes('ready') && ready());
    child.once('exit', (code) => failed(new Error(`pipeline process exited early (${code})`)));
  });
  return child;
}

function processedSeqs(seqFile: string): number[] {
  if (!existsSync(seqFile)) return [];
  return readFileSync(seqFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('leg-01 '))
    .map((line) => Number(line.slice(7)));
}

describe('pipeline process killed mid-stream', () => {
  it('loses no frame: what it had not acknowledged is redelivered to the next process', async () => {
    const FRAMES = 1500;
    const seqFile = join(dir, 'seqs.txt');
    const first = await startPipelineProcess(seqFile);
    const sensor = await connectSensor({ url: broker.url, device: 'leg-01' });
    const sending = sensor.publishRange(0, FRAMES, 0);
    await until(() => processedSeqs(seqFile).length >= 300, 30_000, 'first process took frames');
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await exited;
    const byFirst = processedSeqs(seqFile).length;

    const second = await startPipelineProcess(seqFile);
    await sending;
    await until(() => sensor.acked === FRAMES, 30_000, 'broker acknowledged every frame');
    await until(() => new Set(processedSeqs(seqFile)).size >= FRAMES, 30_000).catch(() => {});
    const exitedSecond = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    await exitedSecond;
    await sensor.end();

    const summary = seqSummary(processedSeqs(seqFile));
    expect(byFirst).toBeLessThan(FRAMES);
    expect(summary.missing).toEqual([]);
    expect(summary).toMatchObject({ distinct: FRAMES, upTo: FRAMES - 1 });
    console.log(`crash: first process processed ${byFirst} frames before SIGKILL; ${summary.repeats} processed twice after redelivery`);
  });

  it('with the real detector, a cramp open at the crash is reported once; its end as a replay has it, give or take the lost seconds', async () => {
    const spec = randomNightSpec(501, { preset: 'cramp', emgFsHz: 1000, lsbUv: 0.25 });
    const records = [...nightMessages(spec)].filter((line): line is CaptureRecord => typeof (line as CaptureRecord).topic === 'string');
    const reference = (await replayLines(records, { createCore: createDeviceCore })).episodes;
    expect(reference).toHaveLength(1);
    const bytesOf = (record: CaptureRecord) => {
      const payload = payloadOf(record);
      return 'bytes' in payload ? Buffer.from(payload.bytes) : Buffer.from(JSON.stringify(payload.json));
    };
    const app = await mqtt.connectAsync(broker.url, { clientId: 'app-crash' });
    const seen: Episode[] = [];
    app.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString()) as Episode));
    await app.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: 'sensor-crash-detector', clean: false });

    const first = await startPipelineProcess('', 'detector', 'detector');
    // up to 20 s into the cramp, then wait for its updates to say so (one every 5 s of stream)
    const cut = records.findIndex((r) => r.topic.endsWith('/frames') && (r.json as { t: number }).t >= reference[0].start + 20_000);
    await Promise.all(records.slice(0, cut).map((r) => sensor.publishAsync(r.topic, bytesOf(r), { qos: 1 })));
    await until(() => seen.some((e) => e.event === 'update' && (e.end ?? 0) >= reference[0].start + 15_000), 30_000, 'the cramp is under way');
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await exited;

    const second = await startPipelineProcess('', 'detector', 'detector');
    await Promise.all(records.slice(cut).map((r) => sensor.publishAsync(r.topic, bytesOf(r), { qos: 1 })));
    await until(() => seen.some((e) => e.event === 'close'), 30_000).catch(() => {});
    const exitedSecond = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    await exitedSecond;
    await Promise.all([sensor.endAsync(), app.endAsync()]);

    const closes = seen.filter((e) => e.event === 'close');
    console.log(`crash with the real detector: ${seen.filter((e) => e.event !== 'update').map((e) => `${e.event} ${e.id} ${e.start}–${e.end ?? ''}`).join(', ')}; replay ${reference[0].id} ${reference[0].start}–${reference[0].end}`);
    expect(seen.filter((e) => e.event === 'open').map((e) => e.id)).toEqual([reference[0].id]);
    expect(closes.map((e) => e.id)).toEqual([reference[0].id]);
    expect(closes[0].start).toBe(reference[0].start);
    expect(Math.abs(closes[0].end! - reference[0].end!)).toBeLessThan(5000);
  });
});
