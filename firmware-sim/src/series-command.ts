// `npm run sim -- series --reason R [--control] --nights N --out DIR`: a series of consecutive
// nights (scenario/series.ts) written as captures with their truth, and series.json saying what
// the series was built for, in the order to replay them:
//   npx crampwatch replay DIR/night-*.ndjson.gz --summaries NIGHTS.json
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCapture } from './night.ts';
import { buildSeries, SERIES_REASONS, type Series, type SeriesOptions, type SeriesReason } from './scenario/series.ts';

export interface SeriesCommandOptions extends SeriesOptions {
  out: string;
  binary?: boolean;
}

export interface WrittenSeries {
  /** the captures, in night order */
  captures: string[];
  /** what series.json holds */
  description: SeriesDescription;
}

/** The series as planned (series.ts), with each night as written: what series.json holds. */
export interface SeriesDescription extends Omit<Series, 'nights'> {
  nights: { capture: string; night: string; startMs: number; endMs: number; cramps: number; advice_followed: boolean }[];
}

export function isSeriesReason(value: string): value is SeriesReason {
  return (SERIES_REASONS as readonly string[]).includes(value);
}

export async function writeSeries(options: SeriesCommandOptions): Promise<WrittenSeries> {
  const series = buildSeries(options);
  await mkdir(options.out, { recursive: true });
  const captures: string[] = [];
  const nights: SeriesDescription['nights'] = [];
  for (const [k, { spec, night, plan }] of series.nights.entries()) {
    const name = `night-${String(k + 1).padStart(2, '0')}.ndjson.gz`;
    const path = join(options.out, name);
    await writeCapture(spec, path, { binary: options.binary });
    captures.push(path);
    nights.push({ capture: name, night, startMs: spec.startMs, endMs: spec.endMs, cramps: plan.cramps.length, advice_followed: plan.adviceFollowed });
  }
  const { nights: _planned, ...plan } = series;
  const description: SeriesDescription = { ...plan, nights };
  await writeFile(join(options.out, 'series.json'), JSON.stringify(description, null, 1) + '\n');
  return { captures, description };
}
