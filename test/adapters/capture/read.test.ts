// readCaptureLines splits by hand (src/adapters/capture/read.ts): line ends, blank lines, gzip
// or not, and characters cut in two by a chunk boundary must all come out as written. A replay's
// reader (readCaptureRecordBatches) reads the usual lines from the bytes where they lie: what it
// gives must be what parseCaptureLine makes of the same lines, wherever the chunks cut them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLines, readCaptureRecordBatches } from '../../../src/adapters/capture/read.ts';
import { parseCaptureLine, payloadOf, type CaptureRecord } from '../../../src/ingest/capture-line.ts';
import { encodeBinaryFrame } from '../../../src/protocol/binary.ts';
import { decodeMessage } from '../../../src/protocol/decode.ts';
import type { Rejection } from '../../../src/protocol/rejection.ts';

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

/** A record or rejection as the replay would see it: the envelope, and what its payload decodes to. */
function seen(item: CaptureRecord | Rejection): unknown {
  if ('ok' in item) return item;
  return { rx: item.rx, topic: item.topic, message: decodeMessage(item.topic, item.frame ?? payloadOf(item)) };
}

const FRAMES = 'crampwatch/v1/leg-01/frames';
/** capture lines of every kind the reader meets, the usual ones and those it must leave to JSON.parse */
function captureLine(i: number): string {
  const frame = { seq: i, tMs: 1e12 + 100 * i, emgFsHz: 1000, channels: ['gastrocnemius', 'soleus'] as const, emgUv: [[1.5, -2, i], [0.25, 3, -i]], acc: { fsHz: 50, tMs: 1e12, mg: Float32Array.of(1, 2, 3) } };
  const b64 = Buffer.from(encodeBinaryFrame(frame)).toString('base64');
  const json = `{"v":1,"seq":${i},"t":${1e12 + 100 * i},"emg":{"fs":1000,"ch":["gastrocnemius"],"uv":[[1.5,-2,${i / 10}]]}}`;
  switch (i % 11) {
    case 0: return `{"rx":${i},"topic":"${FRAMES}","b64":"${b64}"}`;
    case 1: return `{"rx":${i},"topic":"${FRAMES}","json":${json}}`;
    case 2: return `{"rx":${i},"topic":"${FRAMES}","b64":"${b64.replace(/=+$/, '')}"}\r`; // unpadded, and a \r\n line end
    case 3: return `{"rx":${i},"topic":"${FRAMES}","b64":"${b64.slice(0, 8)}=${b64.slice(8)}"}`; // an '=' inside: Node's decoding
    case 4: return `{"rx":${i},"topic":"${FRAMES}","b64":"${b64.slice(0, 8)} ${b64.slice(8)}"}`; // not the alphabet
    case 5: return `{"rx":${i},"topic":"crampwatch/v1/lég-01/frames","json":${json}}`; // a topic that is not ASCII
    case 6: return i % 4 === 0 ? '' : '   ';
    case 7: return `{"rx":${i},"topic":"${FRAMES}","json":${json.replace('"v":1', '"v":1,"pad":"' + 'x'.repeat(i % 3 === 0 ? 300_000 : 10) + '"')}}`; // longer than a chunk, now and then
    case 8: return 'not json';
    case 9: return `{"rx":${i},"topic":"crampwatch/v1/leg-01/status","json":{"v":1,"state":"online","t":${i}}}`;
    default: return `{"rx":${i},"topic":"${FRAMES}","b64":"${b64}","json":1}`;
  }
}

describe('readCaptureRecordBatches', () => {
  const lines = Array.from({ length: 4000 }, (_, i) => captureLine(i));
  for (const gzip of [false, true]) {
    for (const [name, text] of [['with a final newline', lines.join('\n') + '\n'], ['without', lines.join('\n')]]) {
      it(`${gzip ? 'gzip' : 'plain'}, ${name}: each line as parseCaptureLine reads it`, async () => {
        const path = join(dir, `records-${Math.random().toString(36).slice(2)}.ndjson${gzip ? '.gz' : ''}`);
        await writeFile(path, gzip ? gzipSync(text) : text);
        const expected: unknown[] = [];
        for await (const line of readCaptureLines(path)) expected.push(seen(parseCaptureLine(line)));
        const got: unknown[] = [];
        let fast = 0;
        for await (const batch of readCaptureRecordBatches(path)) {
          for (const item of batch) {
            if (typeof item !== 'string') fast++;
            got.push(seen(typeof item === 'string' ? parseCaptureLine(item) : item));
          }
        }
        expect(got).toEqual(expected);
        expect(fast).toBeGreaterThan(1000); // the usual lines were read where they lie
      });
    }
  }
});
