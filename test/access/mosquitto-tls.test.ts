// TLS as deploy/README.md switches it on: the shipped deploy/mosquitto/tls.conf.example copied into
// the shipped include_dir (conf.d/), only its port and certificate folder changed, on the shipped
// broker configuration. A throwaway CA and server certificate are made with openssl for the test.
// The live pipeline connects over mqtts:// with CRAMPWATCH_MQTT_CA_FILE and processes a sensor's
// frame; a client that does not trust the CA is refused before it can log in.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline, type LivePipeline } from '../../src/app/live.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { shippedIncludeDir, startShippedMosquitto, TLS_CONF_EXAMPLE, type BrokerUsers } from '../helpers/deploy-mosquitto.ts';
import { frameJson, framesTopic } from '../helpers/frames.ts';
import { freePort } from '../helpers/free-port.ts';
import type { Mosquitto } from '../helpers/mosquitto.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { until } from '../helpers/until.ts';

const USERS: BrokerUsers = {
  pipelinePassword: 'pipeline-secret',
  sensors: { 'leg-01': 'sensor-secret' },
  apps: [{ username: 'app-w017', password: 'app-secret', devices: ['leg-01'] }],
};
/** where tls.conf.example expects the certificates, as the container sees deploy/mosquitto/certs */
const SHIPPED_CERT_DIR = '/mosquitto/config/certs/';

let dir: string;
let broker: Mosquitto;
let tlsUrl: string;
let pipeline: LivePipeline | undefined;
const cores = scriptedCores();
const clients: MqttClient[] = [];

/** A CA and a server certificate for localhost and 127.0.0.1 signed by it (EC keys: fast). */
function makeCertificates(certDir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certDir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=crampwatch test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl('req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'server.ext');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-tls-'));
  await writeFile(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  makeCertificates(dir);
  const port = await freePort();
  const shipped = readFileSync(TLS_CONF_EXAMPLE, 'utf8');
  const tlsConf = shipped.replace(/^listener 8883$/m, `listener ${port} 127.0.0.1`).replaceAll(SHIPPED_CERT_DIR, `${dir}/`);
  // the shipped snippet is the one described, with only these two things replaced
  expect(tlsConf).not.toBe(shipped);
  expect(tlsConf).not.toContain('8883');
  expect(tlsConf).not.toContain(SHIPPED_CERT_DIR);
  broker = await startShippedMosquitto(USERS, { 'tls.conf': tlsConf });
  tlsUrl = `mqtts://localhost:${port}`;
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await pipeline?.stop();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('TLS, switched on as deploy/README.md says', () => {
  it('is read from the conf.d folder the shipped mosquitto.conf includes', () => {
    expect(shippedIncludeDir()).toBe('/mosquitto/config/conf.d');
  });

  it('carries the live pipeline over mqtts with the CA file, and a sensor frame through it', async () => {
    const config = loadConfig(
      { CRAMPWATCH_MQTT_CA_FILE: join(dir, 'ca.crt') },
      { mqttUrl: tlsUrl, mqttUsername: 'pipeline', mqttPassword: USERS.pipelinePassword, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-tls' },
    );
    pipeline = await startLivePipeline({ config, store: new LocalStore(join(dir, 'store')), logger: silentLogger(), createCore: cores.factory });
    const sensor = await mqtt.connectAsync(tlsUrl, { ca: readFileSync(join(dir, 'ca.crt')), username: 'leg-01', password: USERS.sensors['leg-01'], reconnectPeriod: 0 });
    clients.push(sensor);
    await sensor.publishAsync(framesTopic('leg-01'), frameJson({ seq: 0 }), { qos: 1 });
    await until(() => (cores.seqs.get('leg-01') ?? []).includes(0), 10_000, 'the frame reached the pipeline over TLS');
  });

  it('refuses a client that does not trust the CA, before any password is sent', async () => {
    await expect(mqtt.connectAsync(tlsUrl, { username: 'leg-01', password: USERS.sensors['leg-01'], reconnectPeriod: 0, connectTimeout: 5_000 })).rejects.toThrow(/self[- ]signed|unable to (get|verify)|certificate/i);
  });

  it('stops the start over a CA file on a plain URL, or one that cannot be read, naming the setting', async () => {
    expect(() => loadConfig({ CRAMPWATCH_MQTT_CA_FILE: join(dir, 'ca.crt'), CRAMPWATCH_MQTT_URL: 'mqtt://localhost:1883' })).toThrow(/CRAMPWATCH_MQTT_CA_FILE.*mqtts:/);
    const config = loadConfig({ CRAMPWATCH_MQTT_CA_FILE: join(dir, 'no-such-ca.crt'), CRAMPWATCH_MQTT_URL: tlsUrl, CRAMPWATCH_DATA_DIR: join(dir, 'data-2') });
    const started = startLivePipeline({ config, store: new LocalStore(join(dir, 'store-2')), logger: silentLogger(), createCore: cores.factory });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/CRAMPWATCH_MQTT_CA_FILE: cannot read .*no-such-ca\.crt \(ENOENT\)/);
  });
});
