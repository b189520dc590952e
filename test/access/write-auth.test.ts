// The shipped deploy/mosquitto/write-auth.sh, run as start.sh runs it, with only its variables
// set: one MQTT user for the pipeline, each sensor and each wearer's app, in files only their
// owner reads; a bad entry stops it before it writes anything, naming the entry, never its
// password. (What the written ACL allows is shown against a real broker in mosquitto-acl.test.ts.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWriteAuth } from '../helpers/deploy-mosquitto.ts';

const GOOD = {
  MQTT_PIPELINE_PASSWORD: 'pipeline-secret',
  MQTT_SENSORS: 'leg-01:sensor-secret leg-02:sensor-secret leg-03:sensor-secret',
  MQTT_APPS: 'app-w017:app-secret:leg-01,leg-02 app-w018:app-secret:leg-03',
};

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'crampwatch-write-auth-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('write-auth.sh', () => {
  it('writes a user for the pipeline, every sensor and every app, readable by their owner only', () => {
    expect(runWriteAuth(GOOD, out)).toEqual({ status: 0, stderr: '' });
    const usernames = readFileSync(join(out, 'passwd'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split(':')[0]);
    expect(usernames).toEqual(['pipeline', 'leg-01', 'leg-02', 'leg-03', 'app-w017', 'app-w018']);
    for (const file of ['passwd', 'acl']) expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    expect(readdirSync(out).sort()).toEqual(['acl', 'passwd']);
  });

  const tooLong = `leg-${'0'.repeat(61)}`; // 65 characters
  it.each([
    ['a device id with a slash', { MQTT_APPS: 'app-w017:app-secret:leg-01,leg/02' }, "MQTT_APPS entry 1 ('app-w017'): bad device id 'leg/02'"],
    ['a wildcard for a device', { MQTT_APPS: 'app-w017:app-secret:+' }, "MQTT_APPS entry 1 ('app-w017'): bad device id '+'"],
    ['a device id over 64 characters', { MQTT_APPS: `app-w017:app-secret:${tooLong}` }, `MQTT_APPS entry 1 ('app-w017'): device id '${tooLong}' is longer than 64 characters`],
    ['a sensor id over 64 characters', { MQTT_SENSORS: `leg-01:s ${tooLong}:s` }, `MQTT_SENSORS entry 2 ('${tooLong}'): username '${tooLong}' is longer than 64 characters`],
    ['a username starting with -', { MQTT_APPS: '-w017:app-secret:leg-01' }, "MQTT_APPS entry 1 ('-w017'): bad username '-w017'"],
    ['an app without devices', { MQTT_APPS: 'app-w017:app-secret:' }, "MQTT_APPS entry 1 ('app-w017'): no devices"],
    ['an app without a password', { MQTT_APPS: 'app-w017::leg-01' }, "MQTT_APPS entry 1 ('app-w017'): no password for MQTT user 'app-w017'"],
    ['an app entry without its parts', { MQTT_APPS: 'app-w017:app-secret' }, 'MQTT_APPS entry 1 is not user:password:device[,device...]'],
    ['a device that is no sensor', { MQTT_APPS: 'app-w017:app-secret:leg-09' }, "MQTT_APPS entry 1 ('app-w017'): device 'leg-09' is not in MQTT_SENSORS"],
    ['an app user named like a sensor', { MQTT_APPS: 'leg-01:app-secret:leg-02' }, "MQTT_APPS entry 1 ('leg-01'): MQTT user 'leg-01' is already defined"],
    ['a bad second entry', { MQTT_APPS: 'app-w017:app-secret:leg-01 app-w018:app-secret:leg-0#' }, "MQTT_APPS entry 2 ('app-w018'): bad device id 'leg-0#'"],
    ['a bad sensor id', { MQTT_SENSORS: 'leg-01:s leg.02:s' }, "MQTT_SENSORS entry 2 ('leg.02'): bad username 'leg.02'"],
    ['no pipeline password', { MQTT_PIPELINE_PASSWORD: '' }, "MQTT_PIPELINE_PASSWORD: no password for MQTT user 'pipeline'"],
  ])('refuses %s, naming the entry', (_, change, message) => {
    const { status, stderr } = runWriteAuth({ ...GOOD, ...change }, out);
    expect(status).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('secret');
    expect(readdirSync(out)).toEqual([]);
  });
});
