// NATS mode, bad topics: sensors publish over MQTT to a real nats-server on topics the protocol
// does not allow (an unknown kind, a level too many or too few, a device id PROTOCOL §2 refuses),
// with QoS 0 and 1, beside a good sensor. Two workers run; every such message is rejected once,
// by one of them, with the code the single process gives the same topic (decodeMessage), kept
// in that worker's dead-letter file and counted in its rejects, while the good sensor's frames
// flow. Topics the mappings leave alone come through the workers' queue group on crampwatch.v1.>
// (malformed-topics.ts); ids the mappings do take reach the partition's owner.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startNatsWorker, type NatsWorker } from '../../src/app/nats/worker.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';
import { PARTITIONS } from '../../src/adapters/nats/topology.ts';
import { frameJson, framesTopic } from '../helpers/frames.ts';
import { startNats, type NatsCluster } from '../helpers/nats.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { until } from '../helpers/until.ts';

let nats: NatsCluster;
let dir: string;
const workers: NatsWorker[] = [];
const cores = scriptedCores();

beforeAll(async () => {
  nats = await startNats({ nodes: 1 });
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-malformed-'));
  for (const name of ['m1', 'm2']) {
    const config = loadConfig({}, { natsUrl: nats.url, dataDir: join(dir, name), natsWorker: name, natsReplicas: '1', natsFramesMaxBytes: String(64 * 1024 * 1024) });
    workers.push(await startNatsWorker({ config, store: new LocalStore(join(dir, name, 'store')), logger: silentLogger(), createCore: cores.factory, renewEveryMs: 500 }));
  }
});
afterAll(async () => {
  for (const w of workers) await w.stop().catch(() => {});
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface DeadLetter {
  topic: string;
  code: string;
  b64?: string;
}

async function deadLetters(): Promise<DeadLetter[]> {
  const all: DeadLetter[] = [];
  for (const name of ['m1', 'm2']) {
    const path = join(dir, name, 'dead-letter.ndjson');
    if (!existsSync(path)) continue;
    all.push(...(await readFile(path, 'utf8')).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as DeadLetter));
  }
  return all;
}

/** What the single process makes of a topic (the same decodeMessage its Ingestor calls). */
const singleProcessCode = (topic: string, payload: Buffer) => {
  const decoded = decodeMessage(topic, { bytes: payload });
  return decoded.ok ? 'accepted' : decoded.code;
};

describe('malformed topics on the NATS path', () => {
  it('are each rejected once, by one worker, with the single process\'s code, kept and counted; a good sensor\'s frames flow', async () => {
    await until(() => workers.reduce((n, w) => n + w.owned().length, 0) === PARTITIONS, 60_000, 'every partition owned');
    const topics = [
      // not mapped: no partition's owner sees them
      'crampwatch/v1/leg-01/secrets',
      'crampwatch/v1/leg-01/FRAMES',
      'crampwatch/v1/leg-01/left/frames',
      'crampwatch/v1/frames',
      'crampwatch/v1/leg-01/frames/',
      'crampwatch/v1/>/frames',
      // mapped onto a partition (the server's `*` takes any token): rejected by its owner
      'crampwatch/v1//frames',
      'crampwatch/v1/a!b/frames',
      'crampwatch/v1/-x/status',
      'crampwatch/v1/*/frames',
      `crampwatch/v1/${'x'.repeat(65)}/frames`,
    ];
    const payload = Buffer.from(frameJson({ seq: 0 }));
    const expected = topics.map((topic) => `${topic} ${singleProcessCode(topic, payload)}`);
    // the reference really rejects each (else the test would prove nothing)
    expect(expected.every((line) => !line.endsWith(' accepted'))).toBe(true);

    const sensor = await mqtt.connectAsync(nats.nodes[0].mqttUrl, { clientId: 'bad-sensor', reconnectPeriod: 0 });
    for (const qos of [0, 1] as const) {
      for (const topic of topics) await sensor.publishAsync(topic, payload, { qos });
    }
    const good = await mqtt.connectAsync(nats.nodes[0].mqttUrl, { clientId: 'good-1', reconnectPeriod: 0 });
    for (let seq = 0; seq < 10; seq++) await good.publishAsync(framesTopic('good-1'), frameJson({ seq }), { qos: 1 });

    const rejectedTotal = () => workers.reduce((n, w) => n + w.rejected(), 0);
    await until(() => rejectedTotal() >= 2 * topics.length, 30_000, 'every malformed message rejected').catch(() => {});
    await until(() => (cores.seqs.get('good-1') ?? []).length >= 10, 30_000, 'the good sensor\'s frames processed').catch(() => {});
    await sensor.endAsync();
    await good.endAsync();
    const perWorker = workers.map((w) => w.rejected());
    // the workers' stop flushes their dead letters and rejects
    for (const w of workers.splice(0)) await w.stop();
    const kept = await deadLetters();
    console.log(`malformed: ${2 * topics.length} sent, rejected ${perWorker.join(' + ')} by the two workers; kept ${kept.length}: ${[...new Set(kept.map((d) => `${d.code} ${d.topic}`))].join('; ')}`);

    expect(cores.seqs.get('good-1')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(2 * topics.length);
    expect(kept.map((d) => `${d.topic} ${d.code}`).sort()).toEqual([...expected, ...expected].sort());
    expect(kept.every((d) => Buffer.from(d.b64 ?? '', 'base64').equals(payload))).toBe(true);
    // counted in the same metric as any rejection: the store's reject counts, per code
    const counted = new Map<string, number>();
    for (const name of ['m1', 'm2']) {
      const path = join(dir, name, 'store', 'rejects-count.ndjson');
      if (!existsSync(path)) continue;
      const last = new Map<string, number>();
      for (const line of (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { code: string; count: number };
        last.set(r.code, r.count);
      }
      for (const [code, count] of last) counted.set(code, (counted.get(code) ?? 0) + count);
    }
    const byCode = new Map<string, number>();
    for (const line of [...expected, ...expected]) {
      const code = line.slice(line.lastIndexOf(' ') + 1);
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(byCode));
  });

  it('a topic with a dot: nats-server 2.9 refuses the PUBLISH and closes the sensor\'s connection, so nothing reaches crampwatch', async () => {
    const sensor = await mqtt.connectAsync(nats.nodes[0].mqttUrl, { clientId: 'dotted', reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => sensor.once('close', () => resolve()));
    sensor.publish('crampwatch/v1/leg.01/frames', frameJson({ seq: 0 }), { qos: 0 });
    await closed;
    expect(nats.nodes[0].log()).toContain("characters ' ' and '.' not supported for MQTT topics");
    sensor.end(true);
  });
});
