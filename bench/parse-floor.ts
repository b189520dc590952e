// The floor a JSON replay is measured against: gunzip the capture, split it into lines, and
// JSON.parse each line, doing nothing with the values. No replay can read a capture faster.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export async function parseFloor(path: string): Promise<{ lines: number; bytes: number }> {
  let lines = 0;
  let bytes = 0;
  let rest = '';
  const stream = createReadStream(path).pipe(createGunzip());
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    bytes += chunk.length;
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
  return { lines, bytes };
}
