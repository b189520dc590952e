// The shipped deploy/nats/write-auth.sh, run as start.sh runs it, with only its variables set:
// one NATS user for the workers, each sensor and each wearer's app, in a file only its owner
// reads, each sensor's and app's rights on its devices' partition (the shell's FNV-1a against
// partitionOf); a bad entry stops it before it writes anything, naming the entry, never its
// password. (What the rights allow is shown against a real nats-server in nats-permissions.test.ts.)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partitionOf } from '../../src/adapters/nats/partition.ts';
import { PARTITIONS } from '../../src/adapters/nats/topology.ts';

const WRITE_AUTH = resolve(import.meta.dirname, '../../deploy/nats/write-auth.sh');
const GOOD = {
  NATS_WORKER_PASSWORD: 'worker-secret',
  MQTT_SENSORS: 'leg-01:sensor-secret leg-02:sensor-secret leg-03:sensor-secret',
  MQTT_APPS: 'app-w017:app-secret:leg-01,leg-02 app-w018:app-secret:leg-03',
};

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'crampwatch-nats-write-auth-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

function run(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync('sh', [WRITE_AUTH, out], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('deploy/nats/write-auth.sh', () => {
  it('writes the workers\', every sensor\'s and every app\'s user, readable by its owner only', () => {
    expect(run(GOOD)).toEqual({ status: 0, stderr: '' });
    const text = readFileSync(join(out, 'auth.conf'), 'utf8');
    expect([...text.matchAll(/user: "([^"]+)"/g)].map((m) => m[1])).toEqual(['worker', 'leg-01', 'leg-02', 'leg-03', 'app-w017', 'app-w018']);
    expect(statSync(join(out, 'auth.conf')).mode & 0o777).toBe(0o600);
    expect(readdirSync(out)).toEqual(['auth.conf']);
    // the workers' line carries no permissions: every right
    expect(text).toMatch(/\{ user: "worker", password: "worker-secret" \}/);
  });

  it('gives each device the partition the servers\' mappings give it (FNV-1a mod PARTITIONS)', () => {
    const ids = ['a', 'Z', '0', 'leg-01', 'cw-43', 'x_y-Z9', `w${'9'.repeat(63)}`, ...Array.from({ length: 40 }, (_, i) => `dev-${(i * 7919).toString(36)}_${i}`)];
    expect(run({ NATS_WORKER_PASSWORD: 'w', MQTT_SENSORS: ids.map((id) => `${id}:s`).join(' ') })).toEqual({ status: 0, stderr: '' });
    const text = readFileSync(join(out, 'auth.conf'), 'utf8');
    for (const id of ids) expect(text).toContain(`"crampwatch.in.${partitionOf(id, PARTITIONS)}.${id}.frames"`);
  });

  it.each([
    ['no workers\' password', { NATS_WORKER_PASSWORD: '' }, "NATS_WORKER_PASSWORD: no password for user 'worker'"],
    ['a sensor named like the workers\' user', { MQTT_SENSORS: 'worker:s' }, "MQTT_SENSORS entry 1 ('worker'): user 'worker' is already defined"],
    ['a password with a quote', { MQTT_SENSORS: 'leg-01:s"} leg-02:s leg-03:s' }, "MQTT_SENSORS entry 1 ('leg-01'): the password of user 'leg-01' has a character other than letters, digits, '.', '_' and '-'"],
    ['a device id with a dot', { MQTT_SENSORS: 'leg.01:s' }, "MQTT_SENSORS entry 1 ('leg.01'): bad device id 'leg.01'"],
    ['a wildcard for a device', { MQTT_APPS: 'app-w017:app-secret:*' }, "MQTT_APPS entry 1 ('app-w017'): bad device id '*'"],
    ['a device that is no sensor', { MQTT_APPS: 'app-w017:app-secret:leg-09' }, "MQTT_APPS entry 1 ('app-w017'): device 'leg-09' is not in MQTT_SENSORS"],
    ['an app without devices', { MQTT_APPS: 'app-w017:app-secret:' }, "MQTT_APPS entry 1 ('app-w017'): no devices"],
    ['an app user named like a sensor', { MQTT_APPS: 'leg-01:app-secret:leg-02' }, "MQTT_APPS entry 1 ('leg-01'): user 'leg-01' is already defined"],
  ])('stops on %s, naming the entry, writing nothing', (_what, change, message) => {
    const result = run({ ...GOOD, ...change });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split(" (letters")[0]).toBe(`write-auth.sh: ${message}`);
    expect(result.stderr).not.toContain('secret');
    expect(readdirSync(out)).toEqual([]);
  });
});
