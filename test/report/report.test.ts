import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { main } from '../../src/cli/main.ts';
import { assembleReport } from '../../src/report/assemble.ts';
import { escapeHtml } from '../../src/report/escape.ts';
import { renderReport } from '../../src/report/render.ts';
import { STRETCH_ADVICE, ADVICE_FOR_CAUSE } from '../../src/causes/advice.ts';
import { ZonedClock } from '../../src/report/time-zone.ts';
import { durationWords } from '../../src/report/words.ts';
import { writeReport } from '../../src/report/write.ts';
import { launchChromium, openOffline } from './browser.ts';
import { DIARY_WORDS, handMadeNight, HOSTILE, storeHandMadeNight, STORED_ADVICE, STORED_REASONS } from './hand-made-night.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const ADVICE = STORED_ADVICE;
const REASONS = STORED_REASONS;

async function writeStore(dir: string): Promise<void> {
  const store = new LocalStore(dir);
  storeHandMadeNight(store);
  await store.close();
}

describe('pieces', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('puts small hours in the night of the evening before, in the wearer’s zone', () => {
    const utc = new ZonedClock('UTC');
    expect(utc.nightOf(Date.UTC(2026, 10, 26, 3, 0))).toBe('2026-11-25');
    expect(utc.nightOf(Date.UTC(2026, 10, 26, 22, 0))).toBe('2026-11-26');
    // 23:30 UTC is 08:30 next morning in Tokyo: that morning belongs to the night before it
    expect(new ZonedClock('Asia/Tokyo').nightOf(Date.UTC(2026, 10, 26, 23, 30))).toBe('2026-11-26');
    expect(new ZonedClock('America/New_York').hhmm(Date.UTC(2026, 10, 26, 3, 0))).toBe('22:00');
    // local noon in India (UTC+5:30) is 06:30 UTC: the boundary falls on a half hour
    const kolkata = new ZonedClock('Asia/Kolkata');
    expect(kolkata.nightOf(Date.UTC(2026, 10, 26, 6, 29, 59))).toBe('2026-11-25');
    expect(kolkata.nightOf(Date.UTC(2026, 10, 26, 6, 30))).toBe('2026-11-26');
    expect(kolkata.nightOf(Date.UTC(2026, 10, 26, 6, 29, 59))).toBe('2026-11-25'); // cached, same answer
    // Nepal (UTC+5:45): a quarter-hour offset
    expect(new ZonedClock('Asia/Kathmandu').nightOf(Date.UTC(2026, 10, 26, 6, 14))).toBe('2026-11-25');
    expect(new ZonedClock('Asia/Kathmandu').nightOf(Date.UTC(2026, 10, 26, 6, 15))).toBe('2026-11-26');
  });

  it('labels whole local hours on the axis, across daylight-saving changes', () => {
    const newYork = new ZonedClock('America/New_York');
    // 8 Mar 2026: 02:00 does not exist in New York
    const spring = newYork.hourTicks(Date.UTC(2026, 2, 8, 3, 10), Date.UTC(2026, 2, 8, 10, 0), 1).map((t) => newYork.hhmm(t));
    expect(spring).toEqual(['23:00', '00:00', '01:00', '03:00', '04:00', '05:00', '06:00']);
    const berlin = new ZonedClock('Europe/Berlin');
    const ticks = berlin.hourTicks(Date.UTC(2026, 9, 24, 20, 10), Date.UTC(2026, 9, 25, 5, 0), 2);
    expect(ticks.map((t) => berlin.hhmm(t))).toEqual(['00:00', '02:00', '04:00', '06:00']);
  });

  it('labels round minutes on short recordings, in zones a quarter hour off UTC too', () => {
    const utc = new ZonedClock('UTC');
    const short = utc.clockTicks(Date.UTC(2026, 8, 11, 23, 18, 20), Date.UTC(2026, 8, 11, 23, 28, 21), 2);
    expect(short.map((t) => utc.hhmm(t))).toEqual(['23:20', '23:22', '23:24', '23:26', '23:28']);
    const kathmandu = new ZonedClock('Asia/Kathmandu'); // UTC+5:45
    const halfHours = kathmandu.clockTicks(Date.UTC(2026, 8, 11, 17, 0), Date.UTC(2026, 8, 11, 19, 0), 30);
    expect(halfHours.map((t) => kathmandu.hhmm(t))).toEqual(['23:00', '23:30', '00:00', '00:30']);
  });

  it('says durations in words', () => {
    expect(durationWords(7.25)).toBe('7.3 s');
    expect(durationWords(74)).toBe('1 min 14 s');
    expect(durationWords(120)).toBe('2 min');
    expect(durationWords(7 * 3600 + 54 * 60)).toBe('7 h 54 min');
  });

  it('keeps closed episodes only, once per id, grouped by night and cut to the selection', () => {
    const night = handMadeNight();
    const closes = night.episodes.filter((e) => e.event === 'close');
    const data = { ...night, episodes: [...night.episodes, closes[0]], records: [] };
    const all = assembleReport(data, {}, { timeZone: 'UTC' });
    expect(all.nights).toHaveLength(1);
    expect(all.nights[0].nightDate).toBe('2026-11-25');
    expect(all.nights[0].episodes.map((e) => e.id)).toEqual(closes.map((e) => e.id));
    expect(all.nights[0].summary.cramps).toBe(2);
    expect(all.nights[0].summary.worstSeverity).toBe('severe');
    expect(all.nights[0].summary.causesSeen[0]).toEqual({ cause: 'sleeping_position', count: 2 });
    expect(assembleReport(data, { night: '2026-11-26' }, { timeZone: 'UTC' }).nights).toHaveLength(0);
    expect(assembleReport(data, { device: 'leg-02' }, { timeZone: 'UTC' }).nights).toHaveLength(0);
    const lateOnly = assembleReport(data, { fromMs: Date.UTC(2026, 10, 26, 3) }, { timeZone: 'UTC' });
    expect(lateOnly.nights[0].episodes).toHaveLength(1);
  });

  it('without stored records, summarises with src/causes: its advice and its doctor flag', () => {
    const night = handMadeNight();
    const input = assembleReport({ ...night, records: [] }, {}, { timeZone: 'UTC' });
    const summary = input.nights[0].summary;
    expect(summary.advice[0]).toBe(STRETCH_ADVICE);
    expect(summary.advice).toContain(ADVICE_FOR_CAUSE.sleeping_position);
    expect(summary.advice).toContain(ADVICE_FOR_CAUSE.medication);
    expect(summary.periodicLimbMovements).toBe(40);
    expect(summary.postureMs.prone).toBeGreaterThan(3 * 3_600_000);
    expect(input.doctorFlag?.flag).toBe(true);
    expect(input.doctorFlag?.reasons.join(' ')).toMatch(/severe cramp/);
  });

  it('shows both legs of one night as one night, each leg under its own heading', () => {
    const left = handMadeNight();
    const right = handMadeNight();
    const other = <T extends { device: string }>(x: T): T => ({ ...x, device: 'leg-02' });
    const data = {
      episodes: [...left.episodes, ...right.episodes.map((e) => ({ ...other(e), id: `${e.id}-R`, leg: 'right' }))],
      signals: [...left.signals, ...right.signals.map(other)],
      limbMovements: [...left.limbMovements, ...right.limbMovements.map(other)],
      records: [],
    };
    const input = assembleReport(data, {}, { timeZone: 'UTC' });
    expect(input.nights.map((n) => n.device)).toEqual(['leg-01', 'leg-02']);
    const page = renderReport(input);
    expect(page).not.toContain('class="range"');
    expect(page).toContain('4 cramps in 1 night');
    expect(page).toContain('Night of Wed, 25 Nov 2026, left leg');
    expect(page).toContain('Night of Wed, 25 Nov 2026, right leg');
    // one wearer: one flag, not one per leg
    expect(input.doctorFlag?.reasons.some((r) => r.startsWith('w-017:'))).toBe(false);
  });

  it('refuses bad command lines with a message and exit code 2', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      expect(await main(['report', '--store', '/nonexistent'])).toBe(2);
      expect(await main(['report', '--night', '2026-13-45', '--out', '/tmp/x.html'])).toBe(2);
      expect(await main(['report', '--device', '../etc', '--out', '/tmp/x.html'])).toBe(2);
      expect(await main(['report', '--tz', 'Mars/Olympus', '--out', '/tmp/x.html'])).toBe(2);
      expect(await main(['report', '--from', '2026-11-27', '--to', '2026-11-26', '--out', '/tmp/x.html'])).toBe(2);
      expect(await main(['report', '--influx', 'not a url', '--out', '/tmp/x.html'])).toBe(2);
      // well-formed, but nothing there: exit 1 with a message, no report written
      expect(await main(['report', '--store', '/nonexistent/crampwatch-store', '--out', '/tmp/x.html'])).toBe(1);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/--out is required[\s\S]*--night wants YYYY-MM-DD[\s\S]*not a device id[\s\S]*unknown time zone[\s\S]*--to must be after --from[\s\S]*is not a URL[\s\S]*no store folder/);
  });

  it('escapes every data string: no markup from data reaches the page', () => {
    const night = handMadeNight();
    const input = assembleReport({ ...night, records: [] }, {}, { timeZone: 'UTC', doctorFlagOf: () => ({ flag: true, reasons: [HOSTILE] }) });
    input.nights[0].summary.advice = [HOSTILE];
    const page = renderReport(input);
    expect(page).not.toMatch(/<script|<img|javascript:/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // the page holds no reference that could reach the network
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });
});

describe('the page in a browser', () => {
  let browser: Browser;
  let dir: string;
  let reportUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crampwatch-report-'));
    await writeStore(join(dir, 'store'));
    const out = join(dir, 'report.html');
    const code = await main(['report', '--store', join(dir, 'store'), '--tz', 'UTC', '--out', out]);
    expect(code).toBe(0);
    reportUrl = pathToFileURL(out).href;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows every cramp with its time and possible causes, the advice and the doctor flag, with no network', async () => {
    const { page, attempted } = await openOffline(browser, reportUrl, { width: 1100, height: 900 });
    const cards = page.locator('article.cramp');
    expect(await cards.count()).toBe(2);
    const first = await cards.nth(0).innerText();
    expect(first).toContain('01:12');
    expect(first).toContain('1 min 14 s');
    expect(first).toContain('Sleeping position');
    expect(first).toContain('you slept on your stomach for 42 minutes before it started');
    expect(first).toContain(`${HOSTILE} is a diuretic`); // shown as text, not run as markup
    const second = await cards.nth(1).innerText();
    expect(second).toContain('04:47');
    expect(second).toContain('Severe');
    expect(second).toContain('Tired muscles');
    expect(await page.locator('.timeline .tl-cramp').count()).toBe(2);
    expect(await page.locator('script, img, link, iframe').count()).toBe(0);
    const advice = await page.locator('.advice li').allInnerTexts();
    expect(advice).toEqual(ADVICE);
    const doctor = await page.locator('.doctor.flag').innerText();
    expect(doctor).toContain('Consider seeing a doctor');
    expect(doctor).toContain(REASONS[0]);
    expect(doctor).toContain(REASONS[1]);
    expect(await page.locator('.diary p').innerText()).toBe(DIARY_WORDS);
    expect(attempted).toEqual([]);
    await page.context().close();
  });

  it('has a network guard that does catch a page reaching out (control for the checks above)', async () => {
    const leaky = join(dir, 'leaky.html');
    writeFileSync(leaky, '<!doctype html><img src="http://192.0.2.1/pixel.png"><link rel="stylesheet" href="https://192.0.2.1/x.css">');
    const { page, attempted } = await openOffline(browser, pathToFileURL(leaky).href, { width: 390, height: 844 });
    expect(attempted.sort()).toEqual(['http://192.0.2.1/pixel.png', 'https://192.0.2.1/x.css']);
    await page.context().close();
  });

  it('fits a phone without sideways scrolling, and is saved as a screenshot', async () => {
    const { page, attempted } = await openOffline(browser, reportUrl, { width: 390, height: 844 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    // text is readable without zooming: nothing under 11 CSS px
    const smallest = await page.evaluate(() => {
      let min = Infinity;
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        if (!el.textContent?.trim() || el.children.length) continue;
        min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
      }
      return min;
    });
    expect(smallest).toBeGreaterThanOrEqual(11);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    // printable: Chromium lays it out on A4 with the print styles
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: join(ARTIFACTS, 'report.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(join(ARTIFACTS, 'report.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(attempted).toEqual([]);
    await page.context().close();
  });
});

describe('a range of nights', () => {
  it('lists cramps per night, the longest, the worst severity and the causes seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crampwatch-range-'));
    try {
      const store = new LocalStore(join(dir, 'store'));
      const dayMs = 86_400_000;
      for (let k = 0; k < 3; k++) {
        const night = handMadeNight();
        const shift = <T extends { start?: number; end?: number; tMs?: number; detected_at?: number }>(x: T): T => ({
          ...x,
          ...(x.start !== undefined && { start: x.start + k * dayMs }),
          ...(x.end !== undefined && { end: x.end + k * dayMs }),
          ...(x.tMs !== undefined && { tMs: x.tMs + k * dayMs }),
          ...(x.detected_at !== undefined && { detected_at: x.detected_at + k * dayMs }),
        });
        // the middle night keeps only its first cramp
        for (const e of night.episodes) if (k !== 1 || e.start < Date.UTC(2026, 10, 26, 3)) store.episode({ ...shift(e), id: `${e.id}-${k}` });
        for (const p of night.signals.filter((_, i) => i % 10 === 0)) store.signal(shift(p));
      }
      await store.close();
      const out = join(dir, 'range.html');
      const result = await writeReport({ store: join(dir, 'store'), out, timeZone: 'UTC', fromMs: Date.UTC(2026, 10, 25), toMs: Date.UTC(2026, 10, 29), nowMs: 0 });
      expect(result).toMatchObject({ nights: 3, cramps: 5 });
      const page = readFileSync(out, 'utf8');
      const tbody = page.slice(page.indexOf('<tbody>'), page.indexOf('</tbody>'));
      const rows = tbody.split('<tr>').slice(1).map((row) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1].replace(/<[^>]+>/g, '').trim()));
      expect(rows.map((r) => r.slice(0, 3))).toEqual([
        ['Wed 25 Nov', '2', '3 min 6 s'],
        ['Thu 26 Nov', '1', '1 min 14 s'],
        ['Fri 27 Nov', '2', '3 min 6 s'],
      ]);
      expect(rows.map((r) => r[3])).toEqual(['Severe', 'Moderate', 'Severe']);
      expect(rows[0][4]).toContain('Sleeping position ×2');
      expect(rows[1][4]).not.toContain('Tired muscles');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
