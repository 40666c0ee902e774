import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../support/app-under-test.js';
import { SCENES } from '../support/scenes.js';
import { skipWithoutChromium, useChromium } from '../support/use-chromium.js';
import { useRenderer } from '../support/use-renderer.js';

/** Settings: every change goes to main, is saved in the real settings store, and comes back. */
const noChromium = skipWithoutChromium('test/renderer/ui/settings.test.ts');

describe.skipIf(noChromium !== undefined)('the settings view', () => {
  const chromium = useChromium();
  const renderer = useRenderer();

  async function withSettings(run: (app: AppUnderTest, page: Page) => Promise<void>) {
    const app = await startApp(SCENES.everyday, { live: false });
    try {
      const page = await chromium.newPage();
      const session = await app.open(page, renderer.pageUrl);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      await run(app, page);
      expect(session.problems).toEqual([]);
    } finally {
      await app.close();
    }
  }

  it('round-trips the theme, launch at login, quiet hours, levels and confirmation through main', async () => {
    await withSettings(async (app, page) => {
      await page.getByLabel('Theme').selectOption('dark');
      await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
      await page.getByLabel('Launch at login').check();
      await page.getByLabel('No notifications during a daily window').check();
      await page.getByLabel('From').fill('23:00');
      await page.getByLabel('Let major outages through').check();
      await page.getByRole('list').filter({ hasText: 'Twitter' }).getByLabel('Twitter').selectOption('muted');
      await page.getByLabel('Failures before a service counts as down').fill('5');
      await page.getByLabel('Failures before a service counts as down').blur();
      await expect
        .poll(() => app.settings.settings())
        .toMatchObject({
          theme: 'dark',
          launchAtLogin: true,
          alerts: {
            quietHours: { start: '23:00', end: '07:00', allowMajorOutages: true },
            levels: { twitter: 'muted' },
          },
          monitor: { confirm: { failureThreshold: 5 } },
        });
      // What main says is what the window shows: reload and read it back.
      await page.reload();
      await page.getByRole('button', { name: 'Settings' }).click();
      expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
      expect(await page.getByLabel('From').inputValue()).toBe('23:00');
      expect(await page.getByLabel('Launch at login').isChecked()).toBe(true);
    });
  });

  it('refuses a value the settings schema refuses, saying why, and keeps the old one', async () => {
    await withSettings(async (app, page) => {
      const threshold = page.getByLabel('Failures before a service counts as down');
      await threshold.fill('99');
      await threshold.blur();
      await expect
        .poll(() => page.getByRole('alert').first().innerText())
        .toMatch(/failureThreshold: at most 20/);
      expect(app.settings.monitorConfig().confirm.failureThreshold).toBe(3);
    });
  });

  it('snoozes and resumes notifications', async () => {
    await withSettings(async (app, page) => {
      await page.getByRole('button', { name: '8 hours' }).click();
      await page.getByText(/^Snoozed until/).waitFor();
      expect(app.settings.settings().alerts).toHaveProperty('snoozedUntil');
      await page.getByRole('button', { name: 'Resume now' }).click();
      await page.getByRole('button', { name: '1 hour' }).waitFor();
    });
  });

  it('exports the CLI config, and imports one, through the file dialogs', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'downwatch-ui-exchange-'));
    try {
      await withSettings(async (app, page) => {
        const target = join(folder, 'mine.json');
        app.answerDialogs(target);
        await page.getByRole('button', { name: 'Export…' }).click();
        await expect
          .poll(() => page.getByRole('status').first().innerText())
          .toMatch(/^Saved to .*mine\.json/);
        const exported = JSON.parse(await readFile(target, 'utf8')) as { services: { id: string }[] };
        expect(exported.services.map((service) => service.id)).toContain('twitter');

        const bad = join(folder, 'bad.json');
        await writeFile(bad, '{ "version": 1, "services": [ { "id": "Not Valid" } ] }');
        app.answerDialogs(bad);
        await page.getByRole('button', { name: 'Import…' }).click();
        await expect
          .poll(() => page.getByRole('alert').first().innerText())
          .toMatch(/^Nothing changed: .*bad\.json is not a valid config/);
        expect(app.settings.monitorConfig().services.length).toBeGreaterThan(1);

        const good = join(folder, 'good.json');
        await writeFile(
          good,
          JSON.stringify({
            version: 1,
            services: [
              {
                id: 'ours',
                name: 'Ours',
                sources: [{ type: 'downdetector', slug: 'ours', clientSecret: { env: 'DD_SECRET' } }],
              },
            ],
          }),
        );
        app.answerDialogs(good);
        await page.getByRole('button', { name: 'Import…' }).click();
        await expect
          .poll(() => page.getByRole('status').first().innerText())
          .toMatch(/Credentials still needed: DD_SECRET/);
        expect(app.settings.monitorConfig().services.map((service) => service.id)).toEqual(['ours']);

        // The credential is asked for, stored encrypted, and never shown back.
        await page.getByLabel(/DD_SECRET/).fill('s3cret-value');
        await page.getByRole('button', { name: 'Save DD_SECRET' }).click();
        await expect
          .poll(() => page.getByRole('status').first().innerText())
          .toMatch(/DD_SECRET is stored, encrypted/);
        expect(JSON.stringify(app.settings.settings())).not.toContain('s3cret-value');
        expect(await page.content()).not.toContain('s3cret-value');
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
