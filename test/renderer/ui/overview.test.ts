import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../main/shared/snapshot.js';
import { startApp } from '../support/app-under-test.js';
import { manyScene, SCENES } from '../support/scenes.js';
import { useApp } from '../support/use-app.js';
import { skipWithoutChromium, useChromium } from '../support/use-chromium.js';
import { useRenderer } from '../support/use-renderer.js';

/** The overview in real Chromium, over what the real engine made of the everyday scene. */
const noChromium = skipWithoutChromium('test/renderer/ui/overview.test.ts');

describe.skipIf(noChromium !== undefined)('the overview', () => {
  const chromium = useChromium();
  const renderer = useRenderer();
  const everyday = useApp(SCENES.everyday);

  async function open() {
    const page = await chromium.newPage();
    const session = await everyday.app.open(page, renderer.pageUrl);
    await page.getByRole('list', { name: 'Services, worst first' }).waitFor();
    return { page, session };
  }

  it('lists the services worst first, each with glyph, word, name, summary and time', async () => {
    const { page, session } = await open();
    const rows = page.getByRole('list', { name: 'Services, worst first' }).getByRole('button');
    const names = await rows.locator('.row-name').allInnerTexts();
    expect(names).toEqual(['Twitter', 'Discord', 'Our API', 'Twilio', 'Intranet', 'CloudAMQP', 'GitHub']);
    const first = await rows.first().innerText();
    expect(first).toContain('Major outage');
    expect(first).toMatch(/Something went wrong/);
    expect(first).toMatch(/since \d\d:\d\d/);
    expect(await rows.last().innerText()).toMatch(/checked (just now|\d+ s ago|\d+ min ago)/);
    // Every row carries its glyph (an svg) beside the word: colour is never alone.
    expect(await rows.locator('svg.glyph').count()).toBe(7);
    await expect
      .poll(() => page.locator('.summary').innerText())
      .toBe('4 disrupted · 1 in maintenance · 1 unknown · 1 operational');
    expect(session.problems).toEqual([]);
  });

  it('updates from a pushed snapshot, re-rendering only the row that changed, and announces it', async () => {
    const { page, session } = await open();
    const rows = page.locator('.row');
    await rows.first().waitFor();
    // Hold every other row's element: a re-rendered list would replace (detach) them.
    const others = await rows.filter({ hasNotText: 'GitHub' }).elementHandles();
    expect(others).toHaveLength(6);
    const before = everyday.app.monitor.snapshot();
    const github = before.services.find((service) => service.id === 'github');
    expect(github?.status).toBe('operational');
    const changed: Snapshot = {
      ...before,
      services: before.services.map((service) =>
        service.id === 'github'
          ? { ...service, status: 'degraded', summary: 'Slow answers', since: Date.now() }
          : service,
      ),
    };
    await session.push('snapshot:changed', changed);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'GitHub' }).innerText())
      .toBe('GitHub: Degraded');
    const names = await page.locator('.row-name').allInnerTexts();
    expect(names.indexOf('GitHub')).toBeLessThan(names.indexOf('Intranet'));
    // Rows that did not change kept their elements (a detached element is not visible).
    for (const row of others) expect(await row.isVisible()).toBe(true);
    expect(session.problems).toEqual([]);
  });

  it('keeps a short list without a filter box', async () => {
    const { page } = await open();
    expect(await page.getByRole('searchbox', { name: 'Filter services' }).count()).toBe(0);
  });

  it('keyboard only: Tab reaches the list, arrows walk it, Enter opens, Escape comes back and then hides', async () => {
    const { page } = await open();
    // From the top of the page, Tab alone reaches the first row (past the bar's buttons).
    for (let presses = 0; presses < 10 && (await page.locator('.row:focus').count()) === 0; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await page.locator('.row:focus .row-name').innerText()).toBe('Twitter');
    // The focused row shows its ring (:focus-visible, as keyboard focus does).
    expect(await page.locator('.row:focus-visible').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('.row:focus .row-name').innerText()).toBe('Our API');
    await page.keyboard.press('End');
    expect(await page.locator('.row:focus .row-name').innerText()).toBe('GitHub');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Twitter', level: 1 }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('list', { name: 'Services, worst first' }).waitFor();
    const hiddenBefore = everyday.app.hidden;
    await page.keyboard.press('Escape');
    await expect.poll(() => everyday.app.hidden).toBe(hiddenBefore + 1);
  });

  it('"Check all now" asks main to check every service', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: 'Check all now' }).click();
    await expect
      .poll(() => everyday.app.invocations.filter((call) => call.channel === 'services:check-now').length)
      .toBeGreaterThan(0);
  });
});

describe.skipIf(noChromium !== undefined)('the overview: banners, filter and empty states', () => {
  const chromium = useChromium();
  const renderer = useRenderer();

  it('filters a long list by name, status or summary; Escape clears the filter', async () => {
    const app = await startApp(manyScene(50));
    try {
      const page = await chromium.newPage();
      await app.open(page, renderer.pageUrl);
      const filter = page.getByRole('searchbox', { name: 'Filter services' });
      await filter.fill('major outage');
      const shown = page.locator('.row');
      await expect.poll(() => shown.count()).toBeGreaterThan(0);
      const words = await shown.locator('.badge-word').allInnerTexts();
      expect(new Set(words)).toEqual(new Set(['Major outage']));
      await filter.fill('no service is called this');
      await page.getByText('No service matches').waitFor();
      await filter.press('Escape');
      await expect.poll(() => shown.count()).toBe(50);
      expect(app.hidden).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('says "you appear to be offline" instead of showing services as down', async () => {
    const app = await startApp(SCENES.offline);
    try {
      const page = await chromium.newPage();
      const session = await app.open(page, renderer.pageUrl);
      await expect
        .poll(() => page.getByRole('alert').first().innerText())
        .toMatch(/You appear to be offline: statuses are paused/);
      expect(await page.locator('.row.status-major_outage').count()).toBe(0);
      expect(session.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('shows the snooze with a way to resume, and resumes', async () => {
    const app = await startApp(SCENES.empty);
    try {
      const page = await chromium.newPage();
      await app.open(page, renderer.pageUrl);
      await app.handlers['notifications:snooze'](Date.now() + 3_600_000);
      const banner = page.locator('.banner-snoozed');
      await expect.poll(() => banner.count()).toBe(1);
      await banner.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => banner.count()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('with no services, offers to add one', async () => {
    const app = await startApp(SCENES.empty);
    try {
      const page = await chromium.newPage();
      await app.open(page, renderer.pageUrl);
      await page.getByText('No services are watched yet.').waitFor();
      await page.getByRole('button', { name: 'Add a service' }).last().click();
      await page.getByRole('heading', { name: 'Add a service', level: 1 }).waitFor();
    } finally {
      await app.close();
    }
  });
});
