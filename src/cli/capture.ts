// `crampwatch capture convert IN OUT`: a capture between NDJSON (PROTOCOL §7) and the compact
// form (docs/compact-capture.md), losslessly.
import { existsSync } from 'node:fs';
import { convertCapture } from '../adapters/capture/convert.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: crampwatch capture convert IN OUT

Converts a capture, line for line and losslessly, between the two forms replay reads:
  OUT ending in .cwcap   the compact capture: binary frames as their bytes (no base64), every
                         other message as its JSON text, each topic written once (docs/compact-capture.md)
  any other OUT          NDJSON (PROTOCOL §7), gzipped when OUT ends in .gz
IN may be either; its form is told by its first bytes. Converting back gives every line of the
NDJSON capture byte for byte (blank lines dropped, each line ending in \\n).
\`crampwatch run --record NIGHT.cwcap\` and \`npm run sim -- capture --out NIGHT.cwcap\` write the
compact form directly; \`crampwatch replay\` and \`score\` read both.`;

export default async function capture(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, HELP);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [action, inPath, outPath, ...extra] = positionals;
  if (action !== 'convert' || !inPath || !outPath || extra.length > 0) {
    console.error(HELP);
    return 2;
  }
  if (!existsSync(inPath)) {
    console.error(`crampwatch capture: no capture at ${inPath}`);
    return 1;
  }
  const started = performance.now();
  try {
    const result = await convertCapture(inPath, outPath);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const held = result.compact ? ` (${result.messages} as messages, ${result.lines - result.messages} kept as lines)` : '';
    console.log(`${outPath}: ${result.lines} lines${held}, in ${seconds} s`);
    return 0;
  } catch (error) {
    console.error(`crampwatch capture: could not convert ${inPath}: ${(error as Error).message}`);
    return 1;
  }
}
