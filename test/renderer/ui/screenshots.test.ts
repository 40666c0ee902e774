import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../support/repository.js';
import { SCENES } from '../support/scenes.js';
import { useApp } from '../support/use-app.js';
import { skipWithoutChromium, useChromium } from '../support/use-chromium.js';
import { useRenderer } from '../support/use-renderer.js';

/**
 * A screenshot of each view in light and dark, over the everyday scene, saved as test artifacts
 * in test-results/screenshots/. `UPDATE_SCREENSHOTS=1 npx vitest run test/renderer/ui/screenshots`
 * also writes them to docs/screenshots/, the ones the README shows.
 */
const noChromium = skipWithoutChromium('test/renderer/ui/screenshots.test.ts');

const ARTIFACTS = join(REPOSITORY_ROOT, 'test-results', 'screenshots');
const DOCS = join(REPOSITORY_ROOT, 'docs', 'screenshots');

const VIEWS: readonly { name: string; open: (page: Page) => Promise<void> }[] = [
  { name: 'overview', open: () => Promise.resolve() },
  {
    name: 'detail-probe',
    open: async (page) => {
      await page.locator('.row', { hasText: 'Twitter' }).click();
      await page.locator('.chart canvas').first().waitFor();
    },
  },
  {
    name: 'detail-crowd',
    open: async (page) => {
      await page.locator('.row', { hasText: 'Discord' }).click();
      await page.getByRole('region', { name: /^Crowd reports:/ }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'detail-official',
    open: async (page) => {
      await page.locator('.row', { hasText: 'Twilio' }).click();
      await page.getByRole('region', { name: /^Official status:/ }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'add-service',
    open: async (page) => {
      await page.getByRole('button', { name: 'Add a service' }).click();
      await page.getByRole('searchbox', { name: 'Search the catalog' }).fill('cloud');
      await page.locator('.catalog-hit').first().waitFor();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Snooze notifications' }).waitFor();
    },
  },
];

describe.skipIf(noChromium !== undefined)('screenshots of each view', () => {
  const chromium = useChromium();
  const renderer = useRenderer();
  const everyday = useApp(SCENES.everyday);

  it.each(VIEWS.flatMap((view) => (['light', 'dark'] as const).map((scheme) => ({ ...view, scheme }))))(
    '$name in $scheme',
    async ({ name, open, scheme }) => {
      const page = await chromium.newPage({ colorScheme: scheme, reducedMotion: 'reduce' });
      const session = await everyday.app.open(page, renderer.pageUrl);
      await page.locator('.row').first().waitFor();
      await open(page);
      const file = `${name}-${scheme}.png`;
      await mkdir(ARTIFACTS, { recursive: true });
      const image = await page.screenshot({ path: join(ARTIFACTS, file) });
      expect(image.length).toBeGreaterThan(1000);
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        await mkdir(DOCS, { recursive: true });
        await page.screenshot({ path: join(DOCS, file) });
      }
      expect(session.problems).toEqual([]);
    },
  );
});
