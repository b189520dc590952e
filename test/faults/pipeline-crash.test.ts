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

async function startPipelineProcess(seqFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, broker.url, join(dir, 'data'), seqFile, 'pipeline-crash'], {
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
});
