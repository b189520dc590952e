// The cluster deployment's files agree with the code: deploy/nats/nats.conf carries the mappings
// the workers expect (serverMappings()), nats-server accepts it with the auth.conf that
// write-auth.sh writes from the documented .env (as start.sh does), and docker-compose accepts
// the default and the cluster profile with that .env.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverMappings } from '../../src/adapters/nats/topology.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NATS_CONF = join(ROOT, 'deploy/nats/nats.conf');

/** The KEY=value lines of a .env file (no quoting is used in .env.example). */
function readEnvFile(path: string): Record<string, string> {
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries);
}

describe('the cluster deployment', () => {
  it('deploy/nats/nats.conf maps subjects onto the partitions the workers use, and nats-server accepts it with the users write-auth.sh writes from .env.example', () => {
    expect(readFileSync(NATS_CONF, 'utf8')).toContain(serverMappings());
    const dir = mkdtempSync(join(tmpdir(), 'crampwatch-nats-conf-'));
    try {
      const env = readEnvFile(join(ROOT, '.env.example'));
      const only = { PATH: process.env.PATH ?? '/usr/bin:/bin', NATS_WORKER_PASSWORD: env.NATS_WORKER_PASSWORD, MQTT_SENSORS: env.MQTT_SENSORS, MQTT_APPS: env.MQTT_APPS };
      execFileSync('sh', [join(ROOT, 'deploy/nats/write-auth.sh'), dir], { env: only });
      // as start.sh lays them out: the configuration beside the auth.conf it includes
      copyFileSync(NATS_CONF, join(dir, 'nats.conf'));
      const out = execFileSync('nats-server', ['-c', join(dir, 'nats.conf'), '-t'], {
        env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin`, NATS_NAME: 'n1', NATS_MAX_FILE_STORE: '1G' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out + '').toBeDefined();
      expect(readFileSync(join(dir, 'auth.conf'), 'utf8')).toContain(`user: "${env.SIM_DEVICE}"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('docker-compose accepts the default deployment and the cluster profile with .env.example', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crampwatch-compose-'));
    try {
      copyFileSync(join(ROOT, '.env.example'), join(dir, '.env'));
      const compose = (...args: string[]) => execFileSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), '--env-file', join(dir, '.env'), ...args], { cwd: ROOT, encoding: 'utf8' });
      compose('config', '-q');
      const services = compose('--profile', 'cluster', 'config', '--services').split('\n').filter(Boolean);
      expect(services).toEqual(expect.arrayContaining(['nats-1', 'nats-2', 'nats-3', 'worker-1', 'worker-2', 'influxdb', 'grafana']));
      compose('--profile', 'cluster', 'config', '-q');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
