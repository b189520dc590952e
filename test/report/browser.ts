// Headless Chromium for report tests, with the network shut: every request that is not the
// page itself (file:, data:, about:) is aborted and remembered, so a test can assert that none
// was even attempted.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface OfflinePage {
  page: Page;
  /** URLs the page tried to fetch from the network (all aborted) */
  attempted: string[];
}

export async function openOffline(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const attempted: string[] = [];
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (/^(file|data|about):/.test(requested)) return route.continue();
    attempted.push(requested);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return { page, attempted };
}
