import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, POPOVER_VIEWPORT } from './chromium.js';

/** Chromium in a test file: one browser per file, a fresh context (storage, bindings) per test. */

/**
 * Registers the test that makes a missing Chromium a failure on CI (.ci/run installs it) and
 * returns the skip reason for local runs, logged once per file.
 */
export function skipWithoutChromium(file: string): string | undefined {
  const missing = chromiumMissing();
  it.runIf(Boolean(process.env.CI))('has Chromium on CI', () => {
    expect(missing, 'CI installs chromium (.ci/run)').toBeUndefined();
  });
  if (missing) console.warn(`${file} skipped: ${missing}`);
  return missing;
}

export interface ChromiumForTests {
  readonly browser: Browser;
  /** A fresh context at the popover's size, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** One browser for the calling file (launched in beforeAll), contexts closed after each test. */
export function useChromium(): ChromiumForTests {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  const session: ChromiumForTests = {
    get browser() {
      if (!browser) throw new Error('useChromium: the browser starts in beforeAll');
      return browser;
    },
    async newContext(options = {}) {
      const context = await session.browser.newContext({ viewport: POPOVER_VIEWPORT, ...options });
      contexts.push(context);
      return context;
    },
    async newPage(options = {}) {
      return (await session.newContext(options)).newPage();
    },
  };
  return session;
}
