// Nobody in (issue 7), the database side: InfluxDB with auth on, its users made as the shipped
// compose file has the influxdb image make them (the pipeline's user with all rights on its
// database and no admin rights, a read-only user for Grafana), and the shipped init script for
// the signals retention policy. Unauthenticated and wrong-password requests are refused; the
// pipeline's store writes with its user; Grafana's user reads and cannot write.
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore, type InfluxStoreOptions } from '../../src/adapters/influx/influx-store.ts';
import type { SignalPoint } from '../../src/core/types.ts';
import { silentLogger } from '../../src/log.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { until } from '../helpers/until.ts';

const DB = 'crampwatch';
const PIPELINE = { username: 'crampwatch', password: 'pipeline-secret' };
const GRAFANA = { username: 'grafana', password: 'grafana-secret' };
const INIT_SCRIPT = resolve(import.meta.dirname, '../../deploy/influxdb/init/signals-retention.sh');
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

let influxd: Influxd;
let dir: string;

async function query(q: string, auth?: { username: string; password: string }, method: 'GET' | 'POST' = 'POST'): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const params = new URLSearchParams({ q, db: DB });
  const res = method === 'GET' ? await fetch(`${influxd.url}/query?${params}`, { headers }) : await fetch(`${influxd.url}/query`, { method, headers, body: params });
  return { status: res.status, body: await res.text() };
}

async function write(line: string, auth?: { username: string; password: string }): Promise<number> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const res = await fetch(`${influxd.url}/write?db=${DB}&precision=ms`, { method: 'POST', headers, body: line });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  influxd = await startInfluxd({ authEnabled: true });
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-influx-auth-'));
  const admin = influxd.admin!;
  // what the influxdb:1.8 image does with INFLUXDB_DB, INFLUXDB_USER and INFLUXDB_READ_USER
  for (const q of [
    `CREATE DATABASE "${DB}"`,
    `CREATE USER "${PIPELINE.username}" WITH PASSWORD '${PIPELINE.password}'`,
    `GRANT ALL ON "${DB}" TO "${PIPELINE.username}"`,
    `CREATE USER "${GRAFANA.username}" WITH PASSWORD '${GRAFANA.password}'`,
    `GRANT READ ON "${DB}" TO "${GRAFANA.username}"`,
  ]) {
    const answer = await query(q, admin);
    if (answer.status !== 200 || answer.body.includes('"error"')) throw new Error(`${q}: ${answer.status} ${answer.body}`);
  }
  // then the image sources deploy/influxdb/init/*.sh with $INFLUX_CMD running queries as admin
  const influxCmd = join(dir, 'influx-cmd.sh');
  await writeFile(influxCmd, `#!/bin/sh\nexec curl -sSf -u "${admin.username}:${admin.password}" -XPOST "${influxd.url}/query" --data-urlencode "q=$1"\n`);
  await chmod(influxCmd, 0o755);
  execFileSync('sh', [INIT_SCRIPT], { env: { ...process.env, INFLUX_CMD: influxCmd, INFLUXDB_DB: DB, CRAMPWATCH_SIGNAL_RETENTION: '30d' } });
});
afterAll(async () => {
  await influxd?.stop();
  await rm(dir, { recursive: true, force: true });
});

const line = `signal,device=leg-01 contact=1 ${T0}`;

describe('InfluxDB with auth on', () => {
  it('refuses unauthenticated and wrong-password writes and queries', async () => {
    expect(await write(line)).toBe(401);
    expect(await write(line, { username: PIPELINE.username, password: 'guess' })).toBe(401);
    expect(await write(line, { username: 'nobody', password: 'x' })).toBe(401);
    expect((await query('SHOW DATABASES', undefined, 'GET')).status).toBe(401);
    expect((await query(`SELECT * FROM "signals"."signal"`, undefined, 'GET')).status).toBe(401);
    expect((await query(`SELECT * FROM "signals"."signal"`, { username: GRAFANA.username, password: 'guess' }, 'GET')).status).toBe(401);
    expect((await query('CREATE USER "x" WITH PASSWORD \'y\' WITH ALL PRIVILEGES')).status).toBe(401);
  });

  it("gives the pipeline's user its database and nothing more", async () => {
    expect(await write(line, PIPELINE)).toBe(204);
    const adminOnly = await query('CREATE USER "intruder" WITH PASSWORD \'x\' WITH ALL PRIVILEGES', PIPELINE);
    expect(adminOnly.status).toBe(403);
    expect((await query('DROP DATABASE "_internal"', PIPELINE)).status).toBe(403);
  });

  it("lets Grafana's user read and not write", async () => {
    expect(await write(line, GRAFANA)).toBe(403);
    const read = await query(`SELECT count("contact") FROM "signals"."signal"`, GRAFANA, 'GET');
    expect(read.status).toBe(200);
    expect(read.body).not.toContain('"error"');
  });

  it("the pipeline's store writes with its user; without credentials it keeps its points spooled, none written", async () => {
    const base = (name: string): InfluxStoreOptions => ({
      url: influxd.url,
      database: DB,
      spoolDir: join(dir, name),
      logger: silentLogger(),
      flushIntervalMs: 100,
      backoff: { initialMs: 100, maxMs: 500 },
    });
    const point = (i: number, device: string): SignalPoint => ({ device, tMs: T0 + 1000 + i * 100, envelopeUv: { gastrocnemius: 12 }, posture: 'supine', contact: 1 });

    const store = await openInfluxStore({ ...base('spool-ok'), ...PIPELINE });
    for (let i = 0; i < 50; i++) store.signal(point(i, 'leg-02'));
    await store.close();
    expect(store.stats()).toMatchObject({ written: 50, dropped: 0, spoolPoints: 0 });

    const anonymous = await openInfluxStore(base('spool-anon'));
    for (let i = 0; i < 20; i++) anonymous.signal(point(i, 'leg-03'));
    await until(() => anonymous.stats().consecutiveFailures > 0, 10_000, 'refused write');
    await anonymous.close();
    expect(anonymous.stats()).toMatchObject({ written: 0, dropped: 0, spoolPoints: 20 });

    const counted = await query(`SELECT count("contact") FROM "signals"."signal" GROUP BY "device"`, GRAFANA, 'GET');
    expect(counted.body).toContain('"leg-02"');
    expect(counted.body).not.toContain('"leg-03"');
  });
});
