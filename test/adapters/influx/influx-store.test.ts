// The InfluxDB store against a real influxd (started per file on free ports): schema creation,
// typed round trips, the spool while the database is down and its in-order drain after, no
// duplicates after a replay, bounds on memory and disk, and device ids that never become tags.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode, SignalPoint } from '../../../src/core/types.ts';
import { InfluxStore, openInfluxStore, type InfluxStoreOptions } from '../../../src/adapters/influx/influx-store.ts';
import { silentLogger } from '../../../src/log.ts';
import { startInfluxd, type Influxd } from '../../helpers/influxd.ts';

// recent times: points older than a retention policy's duration are refused by InfluxDB
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 6 * 3_600_000;
let influxd: Influxd;
let tmp: string;
let databaseCount = 0;

beforeAll(async () => {
  influxd = await startInfluxd();
  tmp = await mkdtemp(join(tmpdir(), 'crampwatch-influx-store-'));
});
afterAll(async () => {
  await influxd?.stop();
  await rm(tmp, { recursive: true, force: true });
});

/** A fresh database and spool folder per test, so tests do not see each other's points. */
function storeOptions(overrides: Partial<InfluxStoreOptions> = {}): InfluxStoreOptions {
  databaseCount++;
  return {
    url: influxd.url,
    database: `cw_test_${databaseCount}`,
    spoolDir: join(tmp, `spool-${databaseCount}`),
    logger: silentLogger(),
    random: () => 0.5,
    ...overrides,
  };
}

function reader(database: string): InfluxDB {
  return new InfluxDB({ host: influxd.host, port: influxd.port, database });
}

/** Rows of one query as plain objects with ms times. */
async function rows(database: string, q: string): Promise<Record<string, unknown>[]> {
  const raw = (await reader(database).queryRaw(q, { precision: 'ms' })) as {
    results: { series?: { columns: string[]; values: unknown[][] }[]; error?: string }[];
  };
  const result = raw.results[0];
  if (result.error) throw new Error(result.error);
  return (result.series ?? []).flatMap((s) => s.values.map((v) => Object.fromEntries(s.columns.map((c, i) => [c, v[i]]))));
}

function signal(i: number, contact = 1, device = 'leg-01'): SignalPoint {
  return {
    device,
    tMs: T0 + i * 1000,
    envelopeUv: { gastrocnemius: 10 + i, tibialis_anterior: 4.5 },
    posture: 'prone',
    ankleFlexionDeg: 12.5,
    tempC: 31.2,
    battery: 0.8,
    contact,
    mainsDb: -30,
  };
}

const episode: Episode = {
  v: 1,
  event: 'close',
  id: `leg-01-${T0 + 11_812_345}`,
  device: 'leg-01',
  wearer: 'w-017',
  leg: 'left',
  muscle: 'gastrocnemius',
  start: T0 + 11_812_345,
  end: T0 + 11_886_012,
  duration_s: 73.7,
  detected_at: T0 + 11_815_001,
  peak_uv: 640.2,
  peak_mvc_pct: 78,
  severity: 'moderate',
  posture_before: 'prone',
  causes: [
    { cause: 'sleeping_position', confidence: 0.8, evidence: ['prone for 42 min before onset', 'ankle "pointed", 38° at onset\nsee notes'] },
    { cause: 'medication', confidence: 0.5, evidence: ['furosemide is a diuretic, a=b c\\d'] },
    { cause: 'dehydration_electrolytes', confidence: 0.3, evidence: ['1.1 l of water'] },
  ],
};

describe('InfluxStore', () => {
  it('creates the database and its retention policies at start, and keeps them on a second start', async () => {
    const options = storeOptions({ signalRetention: '12w' });
    const store = await openInfluxStore(options);
    await store.close();
    const policies = await reader(options.database).showRetentionPolicies(options.database);
    const byName = Object.fromEntries(policies.map((p) => [p.name, p]));
    expect(byName.signals?.duration).toBe('2016h0m0s');
    expect(byName.autogen?.duration).toBe('0s');
    // an operator changes the setting: the policy follows
    const again = await openInfluxStore({ ...options, signalRetention: '30d' });
    await again.close();
    const after = await reader(options.database).showRetentionPolicies(options.database);
    expect(after.find((p) => p.name === 'signals')?.duration).toBe('720h0m0s');
  });

  it('refuses a retention shorter than InfluxDB allows, naming it', () => {
    expect(() => new InfluxStore(storeOptions({ signalRetention: '0d' }))).toThrow(/signal retention/);
  });

  it('writes every measurement and reads it back with fixed types', async () => {
    const options = storeOptions();
    const db = options.database;
    const store = await openInfluxStore(options);
    store.episode(episode);
    store.signal(signal(1));
    store.signal({ ...signal(2), envelopeUv: { gastrocnemius: 12 }, ankleFlexionDeg: Number.NaN, posture: 'left_side' });
    store.limbMovement({ device: 'leg-01', muscle: 'tibialis_anterior', start: T0 + 5000, end: T0 + 6500, periodic: true });
    store.health({ device: 'leg-01', tMs: T0 + 10_000, frames: 100, duplicates: 1, gaps: 2, missingMs: 250.5, reordered: 0, delayMsP50: 12, delayMsP99: 80.5 });
    store.rejects({ tMs: T0 + 10_000, code: 'bad_schema', device: 'leg-01', count: 3 });
    store.record('night_summary', { device: 'leg-01', wearer: 'w-017' }, { cramps: 2, longest_s: 73.7, note: 'two cramps\nboth calves' }, T0);
    await store.close();
    expect(store.stats()).toMatchObject({ written: 7, invalid: 0, dropped: 0, spoolPoints: 0 });

    const types = async (from: string) => Object.fromEntries((await rows(db, `SHOW FIELD KEYS FROM ${from}`)).map((r) => [r.fieldKey, r.fieldType]));
    expect(await types('"episode"')).toEqual({
      id: 'string',
      duration_s: 'float',
      peak_uv: 'float',
      peak_mvc_pct: 'float',
      start: 'integer',
      end: 'integer',
      detected_at: 'integer',
      causes: 'string',
      causes_text: 'string',
      summary: 'string',
      cause_sleeping_position: 'boolean',
      cause_medication: 'boolean',
    });
    const [e] = await rows(db, 'SELECT * FROM "autogen"."episode"');
    expect(e).toMatchObject({
      time: episode.start,
      device: 'leg-01',
      wearer: 'w-017',
      leg: 'left',
      muscle: 'gastrocnemius',
      severity: 'moderate',
      posture_before: 'prone',
      event: 'close',
      duration_s: 73.7,
      peak_mvc_pct: 78,
      start: episode.start,
      end: episode.end,
      detected_at: episode.detected_at,
      cause_sleeping_position: true,
      cause_medication: true,
    });
    expect(e.cause_dehydration_electrolytes ?? null).toBeNull(); // 0.3: not tagged
    // quotes, backslashes, commas and newlines survive: the JSON round-trips exactly
    expect(JSON.parse(e.causes as string)).toEqual(episode.causes);
    expect(e.causes_text).toContain('sleeping position (80%): prone for 42 min before onset; ankle "pointed", 38° at onset see notes');
    expect(e.causes_text).toContain('a=b c\\d');
    expect(e.summary).toBe('gastrocnemius cramp, 73.7 s, moderate, after prone. likely: sleeping position (80%), medication (50%)');

    const signals = await rows(db, 'SELECT * FROM "signals"."signal" ORDER BY time');
    expect(signals).toHaveLength(2);
    expect(signals[0]).toMatchObject({ time: T0 + 1000, device: 'leg-01', env_gastrocnemius_uv: 11, env_tibialis_anterior_uv: 4.5, posture: 'prone', posture_code: 2, ankle_deg: 12.5, contact: 1 });
    expect(signals[1]).toMatchObject({ posture: 'left_side', posture_code: 3, ankle_deg: null, env_tibialis_anterior_uv: null });
    expect((await types('"signals"."signal"')).posture_code).toBe('integer');
    // signals live only in their own retention policy
    expect(await rows(db, 'SELECT * FROM "autogen"."signal"')).toHaveLength(0);

    expect(await rows(db, 'SELECT * FROM "limb_movement"')).toMatchObject([{ time: T0 + 5000, periodic: 'true', muscle: 'tibialis_anterior', duration_s: 1.5, end: T0 + 6500 }]);
    expect(await types('"ingest"')).toMatchObject({ frames: 'integer', missing_ms: 'float', delay_ms_p99: 'float' });
    expect(await rows(db, 'SELECT * FROM "reject"')).toMatchObject([{ code: 'bad_schema', device: 'leg-01', count: 3 }]);
    expect(await types('"night_summary"')).toEqual({ cramps: 'float', longest_s: 'float', note: 'string' });
    // line breaks in record() strings (advice, a doctor's reasons: one per line) survive
    expect(await rows(db, 'SELECT "note" FROM "night_summary"')).toMatchObject([{ note: 'two cramps\nboth calves' }]);
  });

  it('never writes a device id with line-protocol characters, as a tag or anything else', async () => {
    const options = storeOptions();
    const store = await openInfluxStore(options);
    const bad = ['leg 01', 'leg,evil=1', 'leg=1', 'leg"1', 'leg\n01', '-leg', '', 'l'.repeat(65), 'leg\\01'];
    for (const device of bad) {
      store.signal(signal(1, 1, device));
      store.episode({ ...episode, device });
      store.health({ device, tMs: T0, frames: 1, duplicates: 0, gaps: 0, missingMs: 0, reordered: 0 });
      store.record('doctor_flag', { device }, { reason: 'x' }, T0);
    }
    store.signal(signal(1));
    // a reject from a bad device is counted without its device
    store.rejects({ tMs: T0, code: 'bad_device_id', device: 'leg 01,evil=1', count: 1 });
    // record() tags and names are validated too
    store.record('night_summary', { wearer: 'w 1' }, { cramps: 1 }, T0);
    store.record('bad measurement', {}, { cramps: 1 }, T0);
    store.record('episode', {}, { cramps: 1 }, T0);
    await store.close();
    expect(store.stats()).toMatchObject({ written: 2, invalid: bad.length * 4 + 3 });
    const devices = (await rows(options.database, 'SHOW TAG VALUES WITH KEY = "device"')).map((r) => r.value);
    expect(new Set(devices)).toEqual(new Set(['leg-01']));
    const rejects = await rows(options.database, 'SELECT * FROM "reject"');
    expect(rejects).toMatchObject([{ code: 'bad_device_id', count: 1 }]);
    expect(rejects[0].device ?? null).toBeNull();
    const measurements = (await rows(options.database, 'SHOW MEASUREMENTS')).map((r) => r.name);
    expect(measurements.sort()).toEqual(['reject', 'signal']);
  });

  it('counts the points InfluxDB refuses for good (older than their retention) apart from those it took', async () => {
    const options = storeOptions({ signalRetention: '30d' });
    const store = await openInfluxStore(options);
    store.signal({ ...signal(1), tMs: Date.now() - 40 * 86_400_000 }); // an old night replayed
    store.signal(signal(2));
    store.episode({ ...episode, start: Date.now() - 40 * 86_400_000 }); // episodes are kept forever
    await store.close();
    expect(store.stats()).toMatchObject({ written: 2, dropped: 1, spoolPoints: 0 });
    expect(await rows(options.database, 'SELECT "contact" FROM "signals"."signal"')).toHaveLength(1);
    // the refused signal did not keep the same batch's episode out of its own policy
    expect(await rows(options.database, 'SELECT "peak_uv" FROM "autogen"."episode"')).toHaveLength(1);
  });

  it('spools while influxd is down, drains in order after it is back, with no duplicate rows', async () => {
    const options = storeOptions({ batchSize: 50 });
    const db = options.database;
    const store = await openInfluxStore(options);
    for (let i = 0; i < 100; i++) store.signal(signal(i, 0.5));
    await store.flush();
    expect(store.stats()).toMatchObject({ written: 100, spoolPoints: 0 });

    influxd.kill();
    // the same 100 points again (a replayed night: idempotent), then one point overwritten
    // twice in separate batches: only the order of the drain decides which value stays
    for (let i = 0; i < 100; i++) store.signal(signal(i, 0.5));
    await store.flush();
    store.signal(signal(200, 0.1));
    await store.flush();
    store.signal(signal(200, 0.9));
    store.episode(episode);
    await store.flush();
    const down = store.stats();
    expect(down.written).toBe(100);
    expect(down.spoolPoints).toBe(103);
    expect(down.spoolSegments).toBeGreaterThanOrEqual(3);
    expect(down.consecutiveFailures).toBeGreaterThan(0);
    expect(down.buffered).toBe(0);
    expect((await readdir(options.spoolDir)).filter((f) => f.endsWith('.ndjson'))).toHaveLength(down.spoolSegments);

    await influxd.restart();
    await store.flush();
    expect(store.stats()).toMatchObject({ written: 203, spoolPoints: 0, spoolSegments: 0, consecutiveFailures: 0, dropped: 0 });
    await store.close();
    expect(await readdir(options.spoolDir)).toEqual([]);

    const [count] = await rows(db, 'SELECT count("contact") FROM "signals"."signal"');
    expect(count.count).toBe(101);
    const [last] = await rows(db, `SELECT "contact" FROM "signals"."signal" WHERE time = ${T0 + 200_000}ms`);
    expect(last.contact).toBe(0.9);
    expect(await rows(db, 'SELECT count("peak_uv") FROM "episode"')).toMatchObject([{ count: 1 }]);
  });

  it('leaves the spool on disk when closed while influxd is down; the next run writes it first', async () => {
    const options = storeOptions();
    const first = await openInfluxStore(options);
    influxd.kill();
    for (let i = 0; i < 10; i++) first.signal(signal(i, 0.25));
    await first.close();
    expect(first.stats()).toMatchObject({ written: 0, spoolPoints: 10 });

    await influxd.restart();
    const second = await openInfluxStore(options);
    expect(second.stats().spoolPoints).toBe(10);
    second.signal(signal(5, 0.75)); // newer than the spooled value of the same point
    await second.close();
    expect(second.stats()).toMatchObject({ written: 11, spoolPoints: 0 });
    const values = await rows(options.database, 'SELECT "contact" FROM "signals"."signal" ORDER BY time');
    expect(values).toHaveLength(10);
    expect(values[5].contact).toBe(0.75);
  });

  it('keeps memory and disk bounded while influxd is down, dropping the oldest batches, counted', async () => {
    const options = storeOptions({ batchSize: 10, maxBufferedPoints: 20, spoolMaxBytes: 20_000 });
    const store = await openInfluxStore(options);
    influxd.kill();
    let maxBuffered = 0;
    for (let i = 0; i < 1000; i++) {
      store.signal(signal(i));
      maxBuffered = Math.max(maxBuffered, store.stats().buffered);
    }
    await store.flush();
    const s = store.stats();
    expect(maxBuffered).toBeLessThan(20);
    expect(s.spoolPoints + s.dropped).toBe(1000);
    expect(s.dropped).toBeGreaterThan(0);
    expect(s.spoolPoints).toBeGreaterThan(0);

    await influxd.restart();
    await store.close();
    // what survived is the newest: the last point is there, the first is not
    const times = (await rows(options.database, 'SELECT "contact" FROM "signals"."signal"')).map((r) => r.time);
    expect(times).toHaveLength(s.spoolPoints);
    expect(times).toContain(T0 + 999_000);
    expect(times).not.toContain(T0);
  });

  it('keeps going, counting losses, when the spool folder cannot be written', async () => {
    const options = storeOptions({ maxBufferedPoints: 5 });
    const store = await openInfluxStore(options);
    influxd.kill();
    await rm(options.spoolDir, { recursive: true, force: true });
    await writeFile(options.spoolDir, 'not a folder'); // every spool write now fails
    for (let i = 0; i < 12; i++) store.signal(signal(i)); // overflows memory twice: never throws
    await store.close();
    expect(store.stats()).toMatchObject({ written: 0, dropped: 12, spoolPoints: 0, buffered: 0 });
    await rm(options.spoolDir, { force: true });
    await influxd.restart();
  });

  it('writes with credentials when auth is on, and spools (never drops) when they are wrong', async () => {
    const secured = await startInfluxd({ authEnabled: true });
    try {
      const good = await openInfluxStore({ ...storeOptions(), url: secured.url, username: secured.admin!.username, password: secured.admin!.password });
      good.signal(signal(1));
      await good.close();
      expect(good.stats()).toMatchObject({ written: 1, spoolPoints: 0 });

      // the compose setup: an admin prepared the database and policies, the pipeline's user has
      // rights on that database only (no admin rights to create anything)
      const admin = new InfluxDB({ host: secured.host, port: secured.port, database: '_internal', username: secured.admin!.username, password: secured.admin!.password });
      await admin.query('CREATE DATABASE "prepared"');
      await admin.query('CREATE RETENTION POLICY "signals" ON "prepared" DURATION 30d REPLICATION 1');
      await admin.query(`CREATE USER "pipeline" WITH PASSWORD 'pipeline-pw'`);
      await admin.query('GRANT ALL ON "prepared" TO "pipeline"');
      const limited = await openInfluxStore({ ...storeOptions(), database: 'prepared', url: secured.url, username: 'pipeline', password: 'pipeline-pw' });
      limited.signal(signal(1));
      limited.episode(episode);
      await limited.close();
      expect(limited.stats()).toMatchObject({ written: 2, spoolPoints: 0, dropped: 0 });

      const wrong = await openInfluxStore({ ...storeOptions(), url: secured.url, username: 'admin', password: 'wrong' });
      wrong.signal(signal(1));
      await wrong.close();
      expect(wrong.stats()).toMatchObject({ written: 0, spoolPoints: 1, dropped: 0 });
    } finally {
      await secured.stop();
    }
  });
});
