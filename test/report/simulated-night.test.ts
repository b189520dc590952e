// The report of a simulated night that went the whole way: firmware-sim's messages, replayed
// through the same ingest and detector as live traffic into a local store, summarised by
// src/causes as the pipeline does, then rendered and read in headless Chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { doctorFlag, doctorFlagFields } from '../../src/causes/doctor.ts';
import { nightSummaryFields, nightSummaryTags, summarizeNight } from '../../src/causes/summary.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { ZonedClock } from '../../src/report/time-zone.ts';
import { CAUSE_WORDS } from '../../src/report/words.ts';
import { writeReport } from '../../src/report/write.ts';
import { launchChromium, openOffline } from './browser.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const DETECTOR = resolve(import.meta.dirname, '../../src/detect/index.ts');

describe.skipIf(!existsSync(DETECTOR))('the report of a simulated night', () => {
  it('shows each cramp the detector found, at its time, with its possible causes', async () => {
    const { createDeviceCore } = await import('../../src/app/core-factory.ts');
    const dir = mkdtempSync(join(tmpdir(), 'crampwatch-report-sim-'));
    const browser = await launchChromium();
    try {
      // 30 minutes, one leg, two cramps: short enough for two shared cores
      const spec = randomNightSpec(7, { hours: 0.5, legs: 1, cramps: 2 });
      const store = new LocalStore(join(dir, 'store'));
      const result = await replayLines(nightMessages(spec), { createCore: createDeviceCore, sink: store });
      // what the pipeline does when a night ends: store its summary and the doctor flag
      const summaries = result.nightStats.map((stats) =>
        summarizeNight({ device: stats.device, episodes: result.episodes.filter((e) => e.device === stats.device), stats, profile: spec.profile, context: spec.context }),
      );
      for (const s of summaries) store.record('night_summary', nightSummaryTags(s), nightSummaryFields(s), s.fromMs);
      const flag = doctorFlag(summaries);
      store.record('doctor_flag', spec.profile.wearer ? { wearer: spec.profile.wearer } : {}, doctorFlagFields(flag), flag.lastNightEndMs ?? spec.endMs);
      await store.close();

      const out = join(dir, 'night.html');
      const written = await writeReport({ store: join(dir, 'store'), out, timeZone: 'UTC', nowMs: spec.endMs });
      expect(written.cramps).toBe(result.episodes.length);

      const { page, attempted } = await openOffline(browser, pathToFileURL(out).href, { width: 390, height: 844 });
      const cards = page.locator('article.cramp');
      expect(await cards.count()).toBe(result.episodes.length);
      const clock = new ZonedClock('UTC');
      const episodes = [...result.episodes].sort((a, b) => a.start - b.start);
      for (const [i, e] of episodes.entries()) {
        const text = await cards.nth(i).innerText();
        expect(text).toContain(clock.hhmmss(e.start));
        for (const c of e.causes.filter((c) => c.confidence >= 0.5)) {
          expect(text).toContain(CAUSE_WORDS[c.cause]);
          for (const words of c.evidence) expect(text).toContain(words);
        }
      }
      const advice = await page.locator('.advice li').allInnerTexts();
      expect(advice).toEqual(summaries[0].advice);
      expect(await page.locator(flag.flag ? '.doctor.flag' : '.doctor.ok').count()).toBe(1);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]);
      expect(attempted).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report-simulated.png'), fullPage: true });
      console.log(`simulated night: ${result.episodes.length} cramps found of ${spec.truth.filter((t) => t.kind === 'cramp').length} true, ${written.bytes} bytes`);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
