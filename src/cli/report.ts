// `crampwatch report`: the morning report as one self-contained HTML page.
import { describeNightSource } from '../report/read-nights.ts';
import { writeReport, type WriteReportResult } from '../report/write.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from './main.ts';
import { chooseNights, missingSource, NIGHT_SOURCE_OPTIONS } from './night-source.ts';

const HELP = `usage: crampwatch report [--store DIR | --influx URL --database DB] [--device ID]
                        [--night YYYY-MM-DD | --from ISO --to ISO] [--tz ZONE] --out report.html

Writes the morning report: a timeline of the night, each cramp with its possible causes, the
night summary with advice, and the "see a doctor" flag. One HTML file that needs no network,
reads well on a phone and prints.
  --store DIR       a local store folder (default: $CRAMPWATCH_DATA_DIR/store, i.e. .crampwatch/store)
                    (InfluxDB instead when CRAMPWATCH_INFLUX_URL is set)
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
  const { values } = parseCommandArgs(args, { ...NIGHT_SOURCE_OPTIONS, night: { type: 'string' }, title: { type: 'string' }, out: { type: 'string' } }, HELP);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.out) throw new UsageError(`--out is required\n\n${HELP}`);
  if (values.night && (values.from || values.to)) throw new UsageError('give --night or --from/--to, not both');
  if (values.night && (!/^\d{4}-\d{2}-\d{2}$/.test(values.night) || !Number.isFinite(Date.parse(values.night)))) throw new UsageError(`--night wants YYYY-MM-DD, got "${values.night}"`);
  const { source, selection, timeZone } = chooseNights(values);
  const missing = missingSource(source);
  if (missing) {
    console.error(`crampwatch report: ${missing}`);
    return 1;
  }
  let result: WriteReportResult;
  try {
    result = await writeReport({ ...source, ...selection, night: values.night, timeZone, title: values.title, out: values.out });
  } catch (error) {
    // the database down or refusing us, the output folder not writable: say which, no stack
    console.error(`crampwatch report: could not write the report from ${describeNightSource(source)}: ${(error as Error).message}`);
    return 1;
  }
  console.log(`wrote ${result.path}: ${result.nights} night${result.nights === 1 ? '' : 's'}, ${result.cramps} cramp${result.cramps === 1 ? '' : 's'}, ${(result.bytes / 1024).toFixed(0)} KiB`);
  return 0;
}
