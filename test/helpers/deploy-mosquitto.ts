// A mosquitto that runs the shipped broker configuration (deploy/mosquitto/mosquitto.conf as it
// is), on a free port, with the password file and ACL written by the shipped
// deploy/mosquitto/write-auth.sh from environment variables, as start.sh does in the container.
// Only what names this machine's paths and ports is replaced; everything that decides who may do
// what is the shipped text.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMosquitto, type Mosquitto } from './mosquitto.ts';

export const DEPLOY_MOSQUITTO = resolve(import.meta.dirname, '../../deploy/mosquitto');
export const WRITE_AUTH_SCRIPT = join(DEPLOY_MOSQUITTO, 'write-auth.sh');

export const TLS_CONF_EXAMPLE = join(DEPLOY_MOSQUITTO, 'tls.conf.example');

/** Lines that place the broker on a machine (ports, files, logs): set by the test helper instead. */
const MACHINE_SPECIFIC = /^(listener|password_file|acl_file|persistence_location|include_dir|log_dest|log_type|log_timestamp_format)\b/;

export function shippedBrokerSettings(confPath = join(DEPLOY_MOSQUITTO, 'mosquitto.conf')): string[] {
  return readFileSync(confPath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !MACHINE_SPECIFIC.test(line));
}

/** Who is installed, as .env says it: MQTT_PIPELINE_PASSWORD, MQTT_SENSORS, MQTT_APPS. */
export interface BrokerUsers {
  pipelinePassword: string;
  /** device id → password */
  sensors: Record<string, string>;
  /** one companion-app user per wearer, with that wearer's devices */
  apps: { username: string; password: string; devices: string[] }[];
}

export function authEnvironment(users: BrokerUsers): Record<string, string> {
  return {
    MQTT_PIPELINE_PASSWORD: users.pipelinePassword,
    MQTT_SENSORS: Object.entries(users.sensors)
      .map(([device, password]) => `${device}:${password}`)
      .join(' '),
    MQTT_APPS: users.apps.map((app) => `${app.username}:${app.password}:${app.devices.join(',')}`).join(' '),
  };
}

/** Runs the shipped write-auth.sh with only these variables (and PATH) set. */
export function runWriteAuth(env: Record<string, string>, outDir: string): { status: number | null; stderr: string } {
  const run = spawnSync('sh', [WRITE_AUTH_SCRIPT, outDir], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

/** The shipped mosquitto.conf's include_dir, as the container sees it. */
export function shippedIncludeDir(confPath = join(DEPLOY_MOSQUITTO, 'mosquitto.conf')): string | undefined {
  const line = readFileSync(confPath, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('include_dir '));
  return line?.slice('include_dir '.length).trim();
}

/** confD: files for the shipped include_dir (conf.d/), as an operator would add them (tls.conf). */
export async function startShippedMosquitto(users: BrokerUsers, confD: Record<string, string> = {}): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-auth-'));
  const written = runWriteAuth(authEnvironment(users), dir);
  if (written.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`write-auth.sh failed (${written.status}): ${written.stderr}`);
  }
  const confDir = join(dir, 'conf.d');
  await mkdir(confDir);
  for (const [name, text] of Object.entries(confD)) await writeFile(join(confDir, name), text);
  const broker = await startMosquitto({
    allowAnonymous: false,
    // include_dir last, as in the shipped file (mosquitto reads it after everything else)
    extraConfig: [...shippedBrokerSettings(), `password_file ${join(dir, 'passwd')}`, `acl_file ${join(dir, 'acl')}`, `include_dir ${confDir}`],
  });
  return {
    ...broker,
    stop: async () => {
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
