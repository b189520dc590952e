// Nothing a sensor sends can reach into line protocol, a file path, a log line's structure or a
// Grafana query (issue 7). Hostile topics and payloads go through the live pipeline (real
// mosquitto) into a real influxd; afterwards InfluxDB holds only valid device ids as tag values
// (the Grafana dashboards build their menus and queries from SHOW TAG VALUES), the data folder
// holds only the pipeline's own files, and every log line is still one JSON object.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from 'influx';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { MEASUREMENT } from '../../src/adapters/influx/schema.ts';
import { DEVICE_ID } from '../../src/adapters/influx/tag-values.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { frameJson } from '../helpers/frames.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { capturingLogger } from '../helpers/log-lines.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let influxd: Influxd;
let dir: string;
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const DB = 'cw_injection';

beforeAll(async () => {
  [broker, influxd] = await Promise.all([startMosquitto(), startInfluxd()]);
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-injection-'));
});
afterAll(async () => {
  await Promise.all([broker?.stop(), influxd?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

/** Device ids built to break something downstream, each in the {id} place of a frames topic. */
const HOSTILE_IDS = [
  'leg-01,device=evil', // line protocol: an extra tag
  'leg-01 contact=0', // line protocol: a field set
  "leg-01' OR '1'='1", // InfluxQL string
  'leg-01"; DROP DATABASE "cw_injection', // InfluxQL statement
  'leg-01/../../../../tmp/owned', // more topic levels: a path
  '..', // a path
  '.hidden',
  '-leg', // must start with a letter or digit
  'lég-01', // outside the ASCII alphabet
  'leg-01\u202e', // a bidirectional override
  '{"level":60,"msg":"forged"}', // a log line
  'a'.repeat(65), // one too long
  '$SYS',
  ' ',
];

/** Ids with control characters: mosquitto itself closes the connection of whoever sends them. */
const CONTROL_IDS = ['leg-01\ncpu value=1', 'leg-01\r\n{"level":60,"msg":"forged"}', 'leg\tx', 'leg\u007fx', 'leg\u0085x'];

describe('hostile input through the live pipeline into InfluxDB', () => {
  it('never becomes a tag, a measurement, a file or a log line of its own', async () => {
    const dataDir = join(dir, 'data');
    const log = capturingLogger('debug');
    const store = await openInfluxStore({ url: influxd.url, database: DB, spoolDir: join(dataDir, 'spool'), logger: log.logger, flushIntervalMs: 100 });
    const cores = scriptedCores({ signals: true });
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir, mqttClientId: 'pipeline-injection' });
    const pipeline = await startLivePipeline({ config, store, logger: log.logger, createCore: cores.factory, healthEveryMs: 200 });
    const attacker = await mqtt.connectAsync(broker.url, { clientId: 'attacker' });

    for (const id of CONTROL_IDS) {
      const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      const closed = new Promise<string>((resolve) => client.once('close', () => resolve('closed')));
      const outcome = await Promise.race([client.publishAsync(`crampwatch/v1/${id}/frames`, frameJson({ seq: 0, tMs: T0 }), { qos: 1 }).then(() => 'acknowledged', () => 'error'), closed]);
      client.end(true);
      expect(outcome, JSON.stringify(id)).toBe('closed');
    }

    // an id with '/' is more topic levels: `crampwatch/v1/+/frames` does not even match it
    const delivered = HOSTILE_IDS.filter((id) => !id.includes('/'));
    let sent = 0;
    for (const id of HOSTILE_IDS) {
      await attacker.publishAsync(`crampwatch/v1/${id}/frames`, frameJson({ seq: 0, tMs: T0 }), { qos: 1 });
      if (!id.includes('/')) sent++;
    }
    // profiles whose wearer or leg would become tags
    const hostileProfiles = [
      { v: 1, wearer: 'w-1,device=evil', leg: 'left' },
      { v: 1, wearer: 'w-1\n{"level":60,"msg":"forged"}' },
      { v: 1, wearer: 'w-1', leg: 'left" OR 1=1' },
    ];
    for (const profile of hostileProfiles) {
      await attacker.publishAsync('crampwatch/v1/leg-07/profile', JSON.stringify(profile), { qos: 1 });
      sent++;
    }
    // a status whose fields would like to be log lines (valid shape: stored, never a new line)
    await attacker.publishAsync('crampwatch/v1/leg-07/status', JSON.stringify({ v: 1, state: 'online', fw: '1.0\n{"level":60,"msg":"forged"}', t: T0 }), { qos: 1 });
    sent++;
    // a control device with a safe profile, then a cramp on both valid devices
    await attacker.publishAsync('crampwatch/v1/leg-08/profile', JSON.stringify({ v: 1, wearer: 'w-017', leg: 'right' }), { qos: 1 });
    sent++;
    for (const device of ['leg-07', 'leg-08']) {
      for (let seq = 0; seq < 30; seq++) {
        await attacker.publishAsync(`crampwatch/v1/${device}/frames`, frameJson({ seq, tMs: T0 + seq * 100, amplitudeUv: seq >= 5 && seq < 20 ? 500 : 10 }), { qos: 1 });
        sent++;
      }
    }
    await until(() => pipeline.received() === sent, 15_000, 'every message taken');
    await pipeline.stop();
    await store.close();
    await attacker.endAsync();

    // every hostile message was turned away and counted; the valid ones went through
    const rejects = Object.fromEntries(pipeline.ingestor.rejects);
    expect(pipeline.ingestor.totalRejects()).toBe(delivered.length + hostileProfiles.length);
    expect(rejects.bad_device_id).toBe(delivered.length);
    expect([...cores.seqs.keys()].sort()).toEqual(['leg-07', 'leg-08']);
    expect(store.stats()).toMatchObject({ dropped: 0, spoolPoints: 0 });

    // InfluxDB: tag values, tag keys and measurements are only ours
    const influx = new InfluxDB({ host: influxd.host, port: influxd.port, database: DB });
    const tagValues = async (key: string) => (await influx.query<{ value: string }>(`SHOW TAG VALUES WITH KEY = "${key}"`)).map((r) => r.value);
    const devices = [...new Set(await tagValues('device'))].sort();
    expect(devices).toEqual(['leg-07', 'leg-08']);
    for (const id of devices) expect(id).toMatch(DEVICE_ID);
    expect([...new Set(await tagValues('wearer'))]).toEqual(['w-017']);
    const measurements = (await influx.getMeasurements()).sort();
    for (const m of measurements) expect(Object.values(MEASUREMENT)).toContain(m);
    expect(measurements).toContain('episode');
    const tagKeys = new Set((await influx.query<{ tagKey: string }>('SHOW TAG KEYS')).map((r) => r.tagKey));
    for (const key of tagKeys) expect(['device', 'wearer', 'leg', 'muscle', 'severity', 'posture_before', 'event', 'code', 'periodic']).toContain(key);
    expect(await influx.getDatabaseNames()).toContain(DB);

    // files: only the pipeline's own, inside its data folder
    expect((await readdir(dir)).sort()).toEqual(['data']);
    expect((await readdir(dataDir)).sort()).toEqual(['dead-letter.ndjson', 'open-episodes.json', 'resume', 'spool']);
    expect(await readdir(join(dataDir, 'resume'))).toEqual([]); // warm-up frames of open cramps: none open now
    const deadLetters = (await readFile(join(dataDir, 'dead-letter.ndjson'), 'utf8')).trim().split('\n');
    expect(deadLetters).toHaveLength(delivered.length + hostileProfiles.length);
    const keptTopics = deadLetters.map((l) => (JSON.parse(l) as { topic: string }).topic);
    expect(keptTopics.slice(0, delivered.length)).toEqual(delivered.map((id) => `crampwatch/v1/${id}/frames`));

    // logs: every line is one JSON object, and no input made a line of its own
    const records = log.records();
    expect(records.length).toBe(log.lines.length);
    expect(records.filter((r) => r.msg === 'forged' || r.level === 60)).toEqual([]);
    expect(records.some((r) => r.msg === 'rejected a message (further rejections with this code are counted, not logged)')).toBe(true);
  });
});
