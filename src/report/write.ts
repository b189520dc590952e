// The report's edge: read a store, assemble, render, write one HTML file. `crampwatch report`
// and the demo both call writeReport.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { assembleReport, type ReportSelection } from './assemble.ts';
import { readNights, type NightSource } from './read-nights.ts';
import { renderReport } from './render.ts';
import { storedTimeZone } from './stored-time-zone.ts';
import { isValidTimeZone } from './time-zone.ts';

export interface WriteReportOptions extends ReportSelection, NightSource {
  /** where the HTML goes */
  out: string;
  /** IANA zone for the times shown; default the wearer's, stored with their nights (profile `tz`), else the machine's */
  timeZone?: string;
  title?: string;
  /** the report's "made at" time; default now */
  nowMs?: number;
}

export interface WriteReportResult {
  path: string;
  /** nights (both legs of one night count once) */
  nights: number;
  cramps: number;
  bytes: number;
}

export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) throw new RangeError(`unknown time zone "${options.timeZone}"`);
  const data = await readNights(options, options);
  const timeZone = options.timeZone ?? storedTimeZone(data.records, options.device) ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const input = assembleReport(data, options, {
    timeZone,
    title: options.title,
    generatedAtMs: options.nowMs ?? Date.now(),
  });
  const page = renderReport(input);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, page);
  return {
    path: options.out,
    nights: new Set(input.nights.map((n) => n.nightDate)).size,
    cramps: input.nights.reduce((sum, n) => sum + n.summary.cramps, 0),
    bytes: Buffer.byteLength(page),
  };
}
