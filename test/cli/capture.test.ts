// `crampwatch capture convert IN OUT` as a user runs it: help, a conversion there and back, and a
// damaged file named with the offset where it went wrong (docs/compact-capture.md).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import capture from '../../src/cli/capture.ts';
import { capturedOutput } from '../helpers/captured-output.ts';
import { randomNightSpec, writeCapture } from '../../firmware-sim/src/night.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-capture-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The command's exit code and what it printed. */
const run = (args: string[]) => capturedOutput(() => capture(args));

describe('crampwatch capture', () => {
  it('says how it is used', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: crampwatch capture convert IN OUT/);
    expect((await run(['convert', 'only-one'])).code).toBe(2);
  });

  it('converts a simulated night to .cwcap and back to the same lines', async () => {
    const ndjson = join(dir, 'night.ndjson.gz');
    await writeCapture(randomNightSpec(8, { hours: 0.05 }), ndjson, { binary: true });
    const there = await run(['convert', ndjson, join(dir, 'night.cwcap')]);
    expect(there.code).toBe(0);
    expect(there.out).toMatch(/night\.cwcap: \d+ lines \(\d+ as messages, \d+ kept as lines\)/);
    expect((await run(['convert', join(dir, 'night.cwcap'), join(dir, 'back.ndjson.gz')])).code).toBe(0);
    const lines = (text: Buffer) => text.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    expect(lines(gunzipSync(await readFile(join(dir, 'back.ndjson.gz'))))).toEqual(lines(gunzipSync(await readFile(ndjson))));
  });

  it('names a damaged file and where it went wrong, and exits 1', async () => {
    const compact = gunzipSync(await readFile(join(dir, 'night.cwcap')));
    const cut = join(dir, 'cut.cwcap');
    await writeFile(cut, gzipSync(compact.subarray(0, compact.length - 100)));
    const result = await run(['convert', cut, join(dir, 'cut.ndjson.gz')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/could not convert .*cut\.cwcap: compact capture is cut short.* at byte \d+/);
    expect(existsSync(join(dir, 'cut.ndjson.gz'))).toBe(false);
    expect((await run(['convert', join(dir, 'missing.cwcap'), join(dir, 'x.ndjson')])).code).toBe(1);
  });
});
