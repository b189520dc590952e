// `crampwatch summary`: each night in plain words — cramps, possible causes, advice, and whether
// the pattern says "see a doctor" — from the local store or from InfluxDB.
import { join } from 'node:path';
import { readLocalStore } from '../adapters/local-store.ts';
import { formatNight } from '../app/night-text.ts';
import { loadConfig } from '../config.ts';
import { assembleReport, type StoreContents } from '../report/assemble.ts';
import { storedTimeZone } from '../report/stored-time-zone.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: crampwatch summary [--store DIR | --influx URL --database DB] [--device ID] [--from ISO --to ISO] [--tz ZONE] [--json]

Prints each night on record: the cramps with their possible causes, time in each posture, leg
movements, the advice that fits, and the "see a doctor" flag over all the nights with its reasons.
  --store DIR     a local store folder (default: $CRAMPWATCH_DATA_DIR/store, i.e. .crampwatch/store)
  --influx URL    read from InfluxDB 1.x instead (credentials from CRAMPWATCH_INFLUX_USERNAME/_PASSWORD)
  --database DB   the InfluxDB database (default: $CRAMPWATCH_INFLUX_DATABASE or crampwatch)
  --device ID     only this sensor
  --from, --to    only nights in this range (ISO dates or times)
  --tz ZONE       time zone for the times shown (default the wearer's, from their profile's tz, else UTC)
  --json          the summaries and the flag as JSON`;

export default async function summary(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      store: { type: 'string' },
      influx: { type: 'string' },
      database: { type: 'string' },
      device: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      tz: { type: 'string' },
      json: { type: 'boolean' },
    },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig(process.env);
  const selection = {
    device: values.device,
    fromMs: values.from ? Date.parse(values.from) : undefined,
    toMs: values.to ? Date.parse(values.to) : undefined,
  };
  let data: StoreContents;
  if (values.influx) {
    const { readInfluxNights } = await import('../report/from-influx.ts');
    data = await readInfluxNights(
      { url: values.influx, database: values.database ?? config.influxDatabase, username: config.influxUsername, password: config.influxPassword },
      selection,
    );
  } else {
    data = readLocalStore(values.store ?? join(config.dataDir, 'store'));
  }
  const timeZone = values.tz ?? storedTimeZone(data.records, values.device) ?? 'UTC';
  const input = assembleReport(data, selection, { timeZone });
  if (values.json) {
    console.log(JSON.stringify({ nights: input.nights.map((n) => n.summary), doctor: input.doctorFlag }, null, 2));
    return 0;
  }
  if (input.nights.length === 0) {
    console.log('No nights on record yet.');
    return 0;
  }
  for (const night of input.nights) console.log(formatNight(night.summary, night.episodes, undefined, timeZone) + '\n');
  const flag = input.doctorFlag;
  console.log(flag?.flag ? `See a doctor, over ${input.nights.length} night(s):\n${flag.reasons.map((r) => `  ! ${r}`).join('\n')}` : `No reason to see a doctor in ${input.nights.length} night(s) on record.`);
  return 0;
}
