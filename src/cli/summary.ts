// `crampwatch summary`: each night in plain words — cramps, possible causes, advice, and whether
// the pattern says "see a doctor" — from the local store or from InfluxDB.
import { formatNight } from '../app/night-text.ts';
import { assembleReport, type StoreContents } from '../report/assemble.ts';
import { describeNightSource, readNights } from '../report/read-nights.ts';
import { storedTimeZone } from '../report/stored-time-zone.ts';
import { parseCommandArgs } from './args.ts';
import { chooseNights, missingSource, NIGHT_SOURCE_OPTIONS } from './night-source.ts';

const HELP = `usage: crampwatch summary [--store DIR | --influx URL --database DB] [--device ID] [--from ISO --to ISO] [--tz ZONE] [--json]

Prints each night on record: the cramps with their possible causes, time in each posture, leg
movements, the advice that fits, and the "see a doctor" flag over all the nights with its reasons.
  --store DIR     a local store folder (default: $CRAMPWATCH_DATA_DIR/store, i.e. .crampwatch/store)
                  (InfluxDB instead when CRAMPWATCH_INFLUX_URL is set)
  --influx URL    read from InfluxDB 1.x instead (credentials from CRAMPWATCH_INFLUX_USERNAME/_PASSWORD)
  --database DB   the InfluxDB database (default: $CRAMPWATCH_INFLUX_DATABASE or crampwatch)
  --device ID     only this sensor
  --from, --to    only nights in this range (ISO dates or times)
  --tz ZONE       time zone for the times shown (default the wearer's, from their profile's tz, else UTC)
  --json          the summaries and the flag as JSON`;

export default async function summary(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { ...NIGHT_SOURCE_OPTIONS, json: { type: 'boolean' } }, HELP);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { source, selection, timeZone: askedZone } = chooseNights(values);
  const missing = missingSource(source);
  if (missing) {
    console.error(`crampwatch summary: ${missing}`);
    return 1;
  }
  let data: StoreContents;
  try {
    data = await readNights(source, selection);
  } catch (error) {
    // the database down or refusing us: say where, no stack
    console.error(`crampwatch summary: could not read the nights from ${describeNightSource(source)}: ${(error as Error).message}`);
    return 1;
  }
  const timeZone = askedZone ?? storedTimeZone(data.records, selection.device) ?? 'UTC';
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
