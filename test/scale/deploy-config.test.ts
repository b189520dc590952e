// The cluster deployment's files agree with the code: deploy/nats/nats.conf carries the mappings
// the workers expect (serverMappings()), nats-server accepts it, and docker-compose accepts the
// default and the cluster profile with the documented .env.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverMappings } from '../../src/adapters/nats/topology.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NATS_CONF = join(ROOT, 'deploy/nats/nats.conf');

describe('the cluster deployment', () => {
  it('deploy/nats/nats.conf maps subjects onto the partitions the workers use, and nats-server accepts it', () => {
    expect(readFileSync(NATS_CONF, 'utf8')).toContain(serverMappings());
    const out = execFileSync('nats-server', ['-c', NATS_CONF, '-t'], {
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin`, NATS_NAME: 'n1', NATS_MAX_FILE_STORE: '1G', NATS_WORKER_PASSWORD: 'w', NATS_SENSOR_PASSWORD: 's' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out + '').toBeDefined();
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
