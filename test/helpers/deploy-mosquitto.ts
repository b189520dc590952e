// A mosquitto that runs the shipped broker configuration (deploy/mosquitto/mosquitto.conf and
// its ACL file as they are), on a free port with a temporary password file made by
// mosquitto_passwd, as deploy/mosquitto/start.sh makes it. Only what names this machine's paths
// and ports is replaced; everything that decides who may do what is the shipped text.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMosquitto, type Mosquitto } from './mosquitto.ts';

export const DEPLOY_MOSQUITTO = resolve(import.meta.dirname, '../../deploy/mosquitto');

/** Lines that place the broker on a machine (ports, files, logs): set by the test helper instead. */
const MACHINE_SPECIFIC = /^(listener|password_file|acl_file|persistence_location|log_dest|log_type|log_timestamp_format)\b/;

export function shippedBrokerSettings(confPath = join(DEPLOY_MOSQUITTO, 'mosquitto.conf')): string[] {
  return readFileSync(confPath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !MACHINE_SPECIFIC.test(line));
}

export async function startShippedMosquitto(users: Record<string, string>, aclPath = join(DEPLOY_MOSQUITTO, 'acl')): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-auth-'));
  const passwordFile = join(dir, 'passwd');
  let first = true;
  for (const [username, password] of Object.entries(users)) {
    execFileSync('mosquitto_passwd', first ? ['-b', '-c', passwordFile, username, password] : ['-b', passwordFile, username, password]);
    first = false;
  }
  const broker = await startMosquitto({
    allowAnonymous: false,
    extraConfig: [...shippedBrokerSettings(), `password_file ${passwordFile}`, `acl_file ${aclPath}`],
  });
  return {
    ...broker,
    stop: async () => {
      await broker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
