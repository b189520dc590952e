// The morning report says how the wearer's diary and the sensor agree, from what the store kept:
// the diary as sent, matched with the night's cramps (src/diary), in the wearer's words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStore, readLocalStore } from '../../src/adapters/local-store.ts';
import { assembleReport } from '../../src/report/assemble.ts';
import { renderReport } from '../../src/report/render.ts';
import { escapeHtml } from '../../src/report/escape.ts';
import { DEVICE, DIARY_WORDS, handMadeNight, storeHandMadeNight } from './hand-made-night.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function reportOf(write: (store: LocalStore) => void, timeZone = 'UTC'): Promise<{ html: string; diary: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'crampwatch-report-diary-'));
  dirs.push(dir);
  const store = new LocalStore(dir);
  write(store);
  await store.close();
  const input = assembleReport(readLocalStore(dir), {}, { timeZone, generatedAtMs: 0 });
  return { html: renderReport(input), diary: input.nights[0]?.summary.diary };
}

describe('the diary in the morning report', () => {
  it('says which noted cramps the sensor found, which it did not, and what it found besides', async () => {
    const { html, diary } = await reportOf(storeHandMadeNight);
    expect(diary).toMatchObject({ noted: 2, found: 1, missed: 1, unfelt: 1 });
    expect(html).toContain('<h4>Your diary</h4>');
    expect(html).toContain(escapeHtml(DIARY_WORDS));
  });

  it('shows the times in the report\'s zone', async () => {
    const { html } = await reportOf(storeHandMadeNight, 'Europe/Berlin');
    expect(html).toContain('the cramp you noted at 04:10');
  });

  it('takes the latest diary for the night, and says "none" for none', async () => {
    const { html, diary } = await reportOf((store) => {
      const night = handMadeNight();
      for (const p of night.signals.filter((_, i) => i % 60 === 0)) store.signal(p);
      store.diary({ device: DEVICE, wearer: 'w-017', diary: { v: 1, t: Date.UTC(2026, 10, 26, 7), night: '2026-11-25', cramps: [{ at: Date.UTC(2026, 10, 26, 2) }] } });
      store.diary({ device: DEVICE, wearer: 'w-017', diary: { v: 1, t: Date.UTC(2026, 10, 26, 8), night: '2026-11-25', cramps: [] } });
    });
    expect(diary).toMatchObject({ noted: 0, found: 0, unfelt: 0 });
    expect(html).toContain('You noted none and the sensor found none.');
  });

  it('leaves the section out when no diary came', async () => {
    const { html, diary } = await reportOf((store) => {
      for (const e of handMadeNight().episodes) store.episode(e);
    });
    expect(diary).toBeUndefined();
    expect(html).not.toContain('Your diary');
  });
});
