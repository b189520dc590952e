// `crampwatch summary` as a user runs it: the nights of a store in words, and the same refusals
// as `crampwatch report` (both read their options through src/cli/night-source.ts): a mistake in
// the flags is exit 2 with what was wrong, a store or database that is not there is exit 1 with
// where it looked, never a stack trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { main } from '../../src/cli/main.ts';
import { freePort } from '../helpers/free-port.ts';
import { capturedOutput } from '../helpers/captured-output.ts';
import { storeHandMadeNight } from '../report/hand-made-night.ts';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crampwatch-summary-cli-'));
  const store = new LocalStore(join(dir, 'store'));
  storeHandMadeNight(store);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command's exit code and what it printed. */
const summary = (args: string[]) => capturedOutput(() => main(['summary', ...args]));

describe('crampwatch summary', () => {
  it('tells the nights of a store in words, with the doctor flag', async () => {
    const { code, out } = await summary(['--store', join(dir, 'store'), '--tz', 'UTC']);
    expect(code).toBe(0);
    expect(out).toMatch(/2 cramps/);
    expect(out).toMatch(/See a doctor, over 1 night/);
  });

  it('names muscles, causes and lengths in the morning report’s words', async () => {
    const { out } = await summary(['--store', join(dir, 'store'), '--tz', 'UTC']);
    expect(out).toContain('01:12  calf (gastrocnemius), 1 min 14 s, moderate; you were on your stomach');
    expect(out).toContain('04:47  calf (gastrocnemius), 3 min 6 s, severe');
    expect(out).toContain('possible cause: sleeping position — you slept on your stomach for 42 minutes');
    expect(out).toContain('possible cause: tired muscles — you walked 95 minutes');
  });

  it('keeps to the range asked for', async () => {
    const { code, out } = await summary(['--store', join(dir, 'store'), '--tz', 'UTC', '--from', '2027-01-01', '--to', '2027-02-01']);
    expect(code).toBe(0);
    expect(out).toBe('No nights on record yet.');
  });

  it('refuses the mistakes the report refuses, with exit 2 and what was wrong', async () => {
    const store = ['--store', join(dir, 'store')];
    const cases: [string[], RegExp][] = [
      [['--tz', 'Mars/Olympus', ...store], /--tz: unknown time zone "Mars\/Olympus"/],
      [['--from', 'garbage', ...store], /--from: "garbage" is not an ISO date or time/],
      [['--from', '2026-11-27', '--to', '2026-11-26', ...store], /--to must be after --from/],
      [['--device', '../etc', ...store], /--device: "..\/etc" is not a device id/],
      [['--influx', 'not a url'], /--influx: "not a url" is not a URL/],
      [['--influx', 'http://127.0.0.1:8086', ...store], /give --store or --influx, not both/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await summary(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(err).toMatch(message);
    }
  });

  it('says where it looked when the store or the database is not there (exit 1)', async () => {
    const noStore = await summary(['--store', join(dir, 'no-such-store')]);
    expect(noStore.code).toBe(1);
    expect(noStore.err).toContain(`no store folder at ${join(dir, 'no-such-store')} (run the pipeline or the demo first, or give --store)`);

    // a port nothing listens on: the database is down
    const url = `http://user:secret@127.0.0.1:${await freePort()}`;
    const noDatabase = await summary(['--influx', url]);
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.err).toMatch(/could not read the nights from InfluxDB at http:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/: .*ECONNREFUSED/);
    expect(noDatabase.err).not.toContain('secret');
  });
});
