// `crampwatch report`: the morning report as one self-contained HTML page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { writeReport, type WriteReportResult } from '../report/write.ts';
import { isValidTimeZone } from '../report/time-zone.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from './main.ts';

const HELP = `usage: crampwatch report [--store DIR | --influx URL --database DB] [--device ID]
                        [--night YYYY-MM-DD | --from ISO --to ISO] [--tz ZONE] --out report.html

Writes the morning report: a timeline of the night, each cramp with its possible causes, the
night summary with advice, and the "see a doctor" flag. One HTML file that needs no network,
reads well on a phone and prints.
  --store DIR       a local store folder (default: $CRAMPWATCH_DATA_DIR/store, i.e. .crampwatch/store)
  --influx URL      read from InfluxDB 1.x instead (credentials from CRAMPWATCH_INFLUX_USERNAME/_PASSWORD)
  --database DB     the InfluxDB database (default: $CRAMPWATCH_INFLUX_DATABASE or crampwatch)
  --device ID       only this sensor
  --night DATE      only the night that began on the evening of DATE (YYYY-MM-DD, in --tz)
  --from ISO        only data from this time (e.g. 2026-11-20 or 2026-11-20T18:00:00Z) ...
  --to ISO          ... up to this time (exclusive); a range makes a report over several nights
  --tz ZONE         time zone for the times shown (IANA name; default: the wearer's, from their
                    profile's tz, else this machine's)
  --title TEXT      the page title
  --out FILE        where to write the HTML (required)`;

export default async function report(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      store: { type: 'string' },
      influx: { type: 'string' },
      database: { type: 'string' },
      device: { type: 'string' },
      night: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      tz: { type: 'string' },
      title: { type: 'string' },
      out: { type: 'string' },
    },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.out) throw new UsageError(`--out is required\n\n${HELP}`);
  if (values.store && values.influx) throw new UsageError('give --store or --influx, not both');
  if (values.night && (values.from || values.to)) throw new UsageError('give --night or --from/--to, not both');
  if (values.night && (!/^\d{4}-\d{2}-\d{2}$/.test(values.night) || !Number.isFinite(Date.parse(values.night)))) throw new UsageError(`--night wants YYYY-MM-DD, got "${values.night}"`);
  if (values.device && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(values.device)) throw new UsageError(`--device: "${values.device}" is not a device id`);
  if (values.tz && !isValidTimeZone(values.tz)) throw new UsageError(`--tz: unknown time zone "${values.tz}"`);
  const fromMs = parseTime('--from', values.from);
  const toMs = parseTime('--to', values.to);
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) throw new UsageError('--to must be after --from');

  if (values.influx !== undefined && !URL.canParse(values.influx)) throw new UsageError(`--influx: "${values.influx}" is not a URL`);
  const config = loadConfig(process.env, values.database ? { influxDatabase: values.database } : {});
  const influxUrl = values.influx ?? (values.store ? undefined : config.influxUrl);
  const store = influxUrl ? undefined : (values.store ?? join(config.dataDir, 'store'));
  if (store && !existsSync(store)) {
    console.error(`crampwatch report: no store folder at ${store} (run the pipeline or the demo first, or give --store)`);
    return 1;
  }
  let result: WriteReportResult;
  try {
    result = await writeReport({
      store,
      influx: influxUrl
        ? { url: influxUrl, database: config.influxDatabase, username: config.influxUsername, password: config.influxPassword }
        : undefined,
      device: values.device,
      night: values.night,
      fromMs,
      toMs,
      timeZone: values.tz,
      title: values.title,
      out: values.out,
    });
  } catch (error) {
    // the database down or refusing us, the output folder not writable: say which, no stack
    const where = influxUrl ? `InfluxDB at ${redact(influxUrl)}` : `the store at ${store}`;
    console.error(`crampwatch report: could not write the report from ${where}: ${(error as Error).message}`);
    return 1;
  }
  console.log(`wrote ${result.path}: ${result.nights} night${result.nights === 1 ? '' : 's'}, ${result.cramps} cramp${result.cramps === 1 ? '' : 's'}, ${(result.bytes / 1024).toFixed(0)} KiB`);
  return 0;
}

function parseTime(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const tMs = Date.parse(value);
  if (!Number.isFinite(tMs)) throw new UsageError(`${flag}: "${value}" is not an ISO date or time`);
  return tMs;
}

/** A URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an invalid URL';
  }
}
