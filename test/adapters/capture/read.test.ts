// readCaptureLines splits by hand (src/adapters/capture/read.ts): line ends, blank lines, gzip
// or not, and characters cut in two by a chunk boundary must all come out as written.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLines } from '../../../src/adapters/capture/read.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function linesOf(text: string, gzip: boolean): Promise<string[]> {
  const path = join(dir, `capture-${Math.random().toString(36).slice(2)}.ndjson${gzip ? '.gz' : ''}`);
  await writeFile(path, gzip ? gzipSync(text) : text);
  const lines: string[] = [];
  for await (const line of readCaptureLines(path)) lines.push(line);
  return lines;
}

// long lines of multi-byte characters, so that chunk boundaries fall inside characters and lines
const long = Array.from({ length: 40 }, (_, i) => `{"rx":${i},"topic":"é€😀","json":"${'€😀'.repeat(3000 + i)}"}`);

const cases: [string, string, string[]][] = [
  ['\\n line ends', 'a\nb\n', ['a', 'b']],
  ['\\r\\n line ends and no final newline', 'a\r\nb', ['a', 'b']],
  ['blank and whitespace-only lines', '\n\n  \na\n\r\n', ['a']],
  ['an empty file', '', []],
  ['multi-byte characters across chunks', long.join('\n') + '\n', long],
];

describe('readCaptureLines', () => {
  for (const gzip of [false, true]) {
    it.each(cases)(`${gzip ? 'gzip' : 'plain'}: %s`, async (_name, text, expected) => {
      expect(await linesOf(text, gzip)).toEqual(expected);
    });
  }
});
