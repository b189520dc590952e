// `crampwatch import RECORDING.edf --out NIGHT.ndjson.gz`: an EDF, EDF+ or BDF recording as a
// PROTOCOL capture (§7), with a .truth.json (§8) beside it from its scored annotations.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { CaptureWriter } from '../adapters/capture/write.ts';
import { MUSCLES } from '../core/types.ts';
import { EdfError } from '../adapters/edf/errors.ts';
import { parseMap } from '../adapters/edf/plan.ts';
import { openEdf } from '../adapters/edf/records.ts';
import { edfToCapture, type ImportSummary } from '../adapters/edf/to-capture.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from './main.ts';
import { truthPathOf } from './score.ts';

const HELP = `usage: crampwatch import RECORDING.edf --out NIGHT.ndjson.gz [--device BASE] [--map LABEL=name,…] [--tz ZONE] [--wearer ID]

Turns an EDF, EDF+ (continuous or discontinuous) or BDF recording into a capture that
\`crampwatch replay\` and \`crampwatch score\` read. Leg EMG and accelerometer signals are found
by their labels; EDF+ annotations of leg movements, PLM, arousals and cramps become
NIGHT.truth.json beside the capture.
  --out FILE       the capture to write (*.ndjson.gz)
  --device BASE    device id base: BASE-left, BASE-right (default: from the file name)
  --map LIST       labels the import does not know: "EMG1=tibialis_anterior@left,Acc 1=acc.x@left,Chin2=skip"
                   (names: ${MUSCLES.join(', ')}, acc.x|y|z, foot.x|y|z, thigh.x|y|z, skip)
  --tz ZONE        the time zone of the recording's clock, e.g. Europe/Berlin (EDF has none; default UTC)
  --wearer ID      the wearer id for the profiles (the file's patient fields are not copied)
See docs/edf-import.md.`;

const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export default async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { out: { type: 'string' }, device: { type: 'string' }, map: { type: 'string' }, tz: { type: 'string' }, wearer: { type: 'string' } },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [input] = positionals;
  if (!input || !values.out) throw new UsageError(`a recording and --out are both needed\n\n${HELP}`);
  if (!existsSync(input)) {
    console.error(`crampwatch import: no file at ${input}`);
    return 1;
  }
  if (!/\.ndjson\.gz$/.test(values.out)) throw new UsageError(`--out must end in .ndjson.gz (a gzip capture, PROTOCOL §7), so the truth file can sit beside it`);
  const base = values.device ?? baseFromFileName(input);
  if (!DEVICE_ID.test(`${base}-right`)) throw new UsageError(`--device "${base}" must be letters, digits, _ or - (at most 57 characters)`);
  if (values.wearer !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(values.wearer)) throw new UsageError('--wearer must be 1–64 letters, digits, _ . -');
  if (values.tz) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: values.tz });
    } catch {
      throw new UsageError(`--tz "${values.tz}" is not a time zone name (e.g. Europe/Berlin, America/New_York)`);
    }
  }
  let summary: ImportSummary;
  try {
    const map = parseMap(values.map);
    const edf = await openEdf(input);
    await mkdir(dirname(values.out), { recursive: true });
    const writer = new CaptureWriter(values.out);
    try {
      summary = await edfToCapture(edf, writer, { base, map, timeZone: values.tz, wearer: values.wearer });
    } finally {
      await writer.close();
      await edf.close();
    }
  } catch (error) {
    if (error instanceof EdfError) {
      console.error(`crampwatch import: ${input}: ${error.message} [${error.code}]`);
      return 1;
    }
    throw error;
  }
  const truthPath = truthPathOf(values.out);
  if (summary.truth.length > 0) await writeFile(truthPath, JSON.stringify({ v: 1, episodes: summary.truth }, null, 1) + '\n');
  console.log(describeImport(input, values.out, summary, summary.truth.length > 0 ? truthPath : undefined));
  return 0;
}

/** "night 3.edf" → "night-3": a device id base from the file's name. */
export function baseFromFileName(path: string): string {
  const stem = basename(path).replace(/\.(edf|bdf|rec)$/i, '');
  const cleaned = stem.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 50);
  return cleaned || 'edf';
}

function describeImport(input: string, out: string, s: ImportSummary, truthPath: string | undefined): string {
  const lines = [`${input}: ${s.variant}, from ${new Date(s.startMs).toISOString()}, ${(s.recordedS / 3600).toFixed(2)} h recorded${s.missingS > 0 ? `, ${(s.missingS / 60).toFixed(1)} min missing in gaps` : ''}`];
  for (const note of s.notes) lines.push(`  ${note}`);
  for (const leg of s.legs) lines.push(`  ${leg.device}: ${leg.frames} frames${leg.gaps ? `, ${leg.gaps} gaps` : ''}`);
  lines.push(`capture: ${out}`);
  const counts = Object.entries(s.truthCounts).map(([kind, n]) => `${n} ${kind}`);
  lines.push(truthPath ? `truth: ${truthPath} (${counts.join(', ')})` : 'truth: none (no annotation names a leg movement, PLM, arousal or cramp)');
  if (s.otherAnnotations.length > 0) lines.push(`annotations not used: ${s.otherAnnotations.slice(0, 8).map(([text, n]) => `"${text}" ×${n}`).join(', ')}`);
  return lines.join('\n');
}
