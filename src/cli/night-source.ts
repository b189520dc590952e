// The options `crampwatch report` and `crampwatch summary` share: where the nights are read from
// (a store folder or InfluxDB) and which of them (a device, a time range, a time zone). Checked
// here once, so both commands refuse the same mistakes with the same words.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import type { ReportSelection } from '../report/assemble.ts';
import type { NightSource } from '../report/read-nights.ts';
import { isValidTimeZone } from '../report/time-zone.ts';
import { UsageError } from './main.ts';

export const NIGHT_SOURCE_OPTIONS = {
  store: { type: 'string' },
  influx: { type: 'string' },
  database: { type: 'string' },
  device: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  tz: { type: 'string' },
} as const;

export interface NightSourceValues {
  store?: string;
  influx?: string;
  database?: string;
  device?: string;
  from?: string;
  to?: string;
  tz?: string;
}

export interface ChosenNights {
  source: NightSource;
  selection: Pick<ReportSelection, 'device' | 'fromMs' | 'toMs'>;
  /** the zone asked for on the command line; each command has its own default */
  timeZone?: string;
}

/** The source and selection the flags name; a mistake in them is a UsageError (exit 2). */
export function chooseNights(values: NightSourceValues, env: NodeJS.ProcessEnv = process.env): ChosenNights {
  if (values.store && values.influx) throw new UsageError('give --store or --influx, not both');
  if (values.device && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(values.device)) throw new UsageError(`--device: "${values.device}" is not a device id`);
  if (values.tz && !isValidTimeZone(values.tz)) throw new UsageError(`--tz: unknown time zone "${values.tz}"`);
  const fromMs = parseTime('--from', values.from);
  const toMs = parseTime('--to', values.to);
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) throw new UsageError('--to must be after --from');
  if (values.influx !== undefined && !URL.canParse(values.influx)) throw new UsageError(`--influx: "${values.influx}" is not a URL`);

  const config = loadConfig(env, values.database ? { influxDatabase: values.database } : {});
  const influxUrl = values.influx ?? (values.store ? undefined : config.influxUrl);
  const source: NightSource = influxUrl
    ? { influx: { url: influxUrl, database: config.influxDatabase, username: config.influxUsername, password: config.influxPassword } }
    : { store: values.store ?? join(config.dataDir, 'store') };
  return { source, selection: { device: values.device, fromMs, toMs }, timeZone: values.tz };
}

/** Why the source cannot be read before trying, in words that say what to do; undefined if it may be. */
export function missingSource(source: NightSource): string | undefined {
  if (source.store && !existsSync(source.store)) return `no store folder at ${source.store} (run the pipeline or the demo first, or give --store)`;
  return undefined;
}

function parseTime(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const tMs = Date.parse(value);
  if (!Number.isFinite(tMs)) throw new UsageError(`${flag}: "${value}" is not an ISO date or time`);
  return tMs;
}
