// Picks the store from the configuration: InfluxDB when a URL is set, else the local folder.
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openInfluxStore } from '../adapters/influx/influx-store.ts';
import { LocalStore } from '../adapters/local-store.ts';
import type { NightStore } from '../adapters/store.ts';

export async function openStore(config: Config, logger: Logger): Promise<NightStore> {
  if (!config.influxUrl) {
    const dir = localStoreDir(config);
    logger.info({ dir }, 'no InfluxDB configured (CRAMPWATCH_INFLUX_URL): storing to a local folder');
    return new LocalStore(dir);
  }
  return openInfluxStore({
    url: config.influxUrl,
    database: config.influxDatabase,
    username: config.influxUsername,
    password: config.influxPassword,
    signalRetention: config.signalRetention,
    spoolDir: config.spoolDir ?? join(config.dataDir, 'spool'),
    logger,
  });
}

/** Where the local folder store lives when no InfluxDB is configured. */
export function localStoreDir(config: Config): string {
  return join(config.dataDir, 'store');
}
