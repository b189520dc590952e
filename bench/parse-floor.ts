// The floor a JSON replay is measured against: gunzip the capture, split it into lines, and
// JSON.parse each line, doing nothing with the values. No replay can read a capture faster.
// It reads with the same chunk sizes as readCaptureLines (the fastest this machine showed), so
// the replay is compared with the best floor, not with a slow one.
import { openCaptureText } from '../src/adapters/capture/read.ts';

export async function parseFloor(path: string): Promise<{ lines: number; chars: number }> {
  let lines = 0;
  let chars = 0;
  let rest = '';
  for await (const chunk of await openCaptureText(path)) {
    chars += chunk.length;
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (end > start) {
        JSON.parse(text.slice(start, end));
        lines++;
      }
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) {
    JSON.parse(rest);
    lines++;
  }
  return { lines, chars };
}
