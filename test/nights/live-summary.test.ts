// `crampwatch run` publishes, retained on crampwatch/v1/{id}/summary, the PROTOCOL §10.2 night
// summary (reason codes, the night dated in the wearer's zone) with the fuller summary beside it:
// the real command in its own process, a real mosquitto, a simulated sensor.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNightSpec } from '../../firmware-sim/src/night.ts';
import { publishNight } from '../../firmware-sim/src/publish.ts';
import { nightDateOf } from '../../src/app/night-date.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const BIN = join(import.meta.dirname, '../../bin/crampwatch.js');
let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-live-summary-'));
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the summary topic', () => {
  it('carries the §10.2 night summary, dated in the profile’s tz, with the fuller summary beside it', async () => {
    const pipeline = spawn('node', [BIN, 'run', '--mqtt', broker.url, '--data-dir', dir], { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    pipeline.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => pipeline.once('exit', resolve));
    try {
      await until(() => log.includes('listening for sensors'), 30_000, 'the pipeline listening');
      // 23:50 in Los Angeles: already the next day in UTC
      const spec = randomNightSpec(21, { preset: 'cramp', hours: 0.1, startMs: Date.parse('2026-11-27T07:50:00Z') });
      spec.profile = { ...spec.profile, tz: 'America/Los_Angeles' };
      const sent = await publishNight(spec, { url: broker.url, speed: Infinity });
      expect(sent.sent).toBeGreaterThan(0);
      await until(() => log.includes('"kind":"context"'), 30_000, 'the context log taken');
      await new Promise((r) => setTimeout(r, 3000)); // the frames behind it
      pipeline.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (pipeline.exitCode === null) pipeline.kill('SIGKILL');
    }
    expect(log).toContain('night summarised');

    const reader = await mqtt.connectAsync(broker.url, { clientId: 'summary-reader', protocolVersion: 5 });
    const summary = await new Promise<Record<string, unknown>>((resolve) => {
      reader.on('message', (_topic, payload) => resolve(JSON.parse(payload.toString())));
      void reader.subscribeAsync(`crampwatch/v1/${summarisedDevice(log)}/summary`, { qos: 1 });
    });
    await reader.endAsync();

    // §10.2 fields
    expect(summary).toMatchObject({ v: 1, device: summarisedDevice(log), night: '2026-11-26', tz: 'America/Los_Angeles' });
    for (const field of ['wearer', 'start', 'end', 'cramps', 'cramp_s', 'longest_s', 'worst_severity', 'plm_index', 'causes']) expect(summary).toHaveProperty(field);
    expect(summary.night).toBe(nightDateOf(summary.start as number, 'America/Los_Angeles'));
    const doctor = summary.doctor as { flag: boolean; reasons: string[]; words: string[] };
    expect(typeof doctor.flag).toBe('boolean');
    expect(doctor.reasons.every((r) => /^[a-z_]+$/.test(r))).toBe(true); // codes, not sentences
    expect(doctor.words).toHaveLength(doctor.reasons.length);
    // the fuller summary the app already read is still there
    for (const field of ['fromMs', 'toMs', 'postureMs', 'advice', 'causesSeen']) expect(summary).toHaveProperty(field);
  }, 120_000);
});

/** The device the pipeline summarised, from its log line. */
function summarisedDevice(log: string): string {
  const line = log.split('\n').find((l) => l.includes('night summarised'));
  return JSON.parse(line ?? '{}').device;
}
