import { describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../support/app-under-test.js';
import { SCENES } from '../support/scenes.js';
import { skipWithoutChromium, useChromium } from '../support/use-chromium.js';
import { useRenderer } from '../support/use-renderer.js';

/** "Add a service": from the catalog in one click, by URL through auto-detect, and by hand. */
const noChromium = skipWithoutChromium('test/renderer/ui/add-service.test.ts');

describe.skipIf(noChromium !== undefined)('adding a service', () => {
  const chromium = useChromium();
  const renderer = useRenderer();

  async function withApp(run: (app: AppUnderTest) => Promise<void>): Promise<void> {
    const app = await startApp(SCENES.empty);
    try {
      await run(app);
    } finally {
      await app.close();
    }
  }

  async function openAdd(app: AppUnderTest) {
    const page = await chromium.newPage();
    const session = await app.open(page, renderer.pageUrl);
    await page.getByRole('button', { name: 'Add a service' }).first().click();
    await page.getByRole('heading', { name: 'Add a service', level: 1 }).waitFor();
    return { page, session };
  }

  const watchedIds = (app: AppUnderTest): string[] =>
    app.settings.monitorConfig().services.map((service) => service.id);

  it('finds a service by alias or category and adds it in one click', async () => {
    await withApp(async (app) => {
      const { page, session } = await openAdd(app);
      const search = page.getByRole('searchbox', { name: 'Search the catalog' });
      await search.fill('gh');
      const results = page.getByRole('list', { name: 'Catalog results' });
      await expect.poll(() => results.locator('.catalog-name').first().innerText()).toBe('GitHub');
      await results.getByRole('button', { name: 'Add GitHub', exact: true }).click();
      await results.getByRole('button', { name: 'GitHub is watched', exact: true }).waitFor();
      expect(watchedIds(app)).toEqual(['github']);

      await search.fill('payments');
      await expect.poll(() => results.locator('.catalog-hit').count()).toBeGreaterThan(3);
      expect(await results.locator('.catalog-hit').first().innerText()).toMatch(/Payments/);
      await search.fill('zzzz no such thing');
      await page.getByText(/Nothing in the catalog matches/).waitFor();
      expect(session.problems).toEqual([]);
    });
  });

  it('by URL: auto-detect proposes the sources, a bad URL is refused inline, then it is added', async () => {
    await withApp(async (app) => {
      const { page, session } = await openAdd(app);
      const address = page.getByRole('textbox', { name: 'Address of the service or its status page' });
      await address.fill('ftp://example.com');
      await page.getByRole('button', { name: 'Detect' }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/is not a web address/);
      expect(await address.getAttribute('aria-invalid')).toBe('true');

      await address.fill(app.detectUrl);
      await page.getByRole('button', { name: 'Detect' }).click();
      const editor = page.locator('form.editor');
      await editor.waitFor();
      expect(await editor.getByLabel('Type').first().inputValue()).toBe('statuspage');

      // An edit the engine refuses shows its own message beside the field.
      const url = editor.getByLabel('URL').first();
      await url.fill('not a url');
      await expect
        .poll(() => editor.locator('.field-error').first().innerText())
        .toBe('expected an http(s) URL');
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('button', { name: 'Add service' }).click();
      expect(watchedIds(app)).toEqual([]);

      await url.fill(`${new URL(app.detectUrl).origin}/status`);
      await expect.poll(() => editor.locator('.field-error').count()).toBe(0);
      const name = await editor.getByLabel('Name').inputValue();
      await page.getByRole('button', { name: 'Add service' }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      expect(watchedIds(app)).toHaveLength(1);
      expect(session.problems).toEqual([]);
    });
  });

  it('by hand: the id follows the name, JSON mistakes are named, and the saved service is in the CLI format', async () => {
    await withApp(async (app) => {
      const { page } = await openAdd(app);
      await page.getByRole('button', { name: 'Or write its sources by hand' }).click();
      const editor = page.locator('form.editor');
      await editor.getByLabel('Name').fill('Our API (staging)');
      expect(await editor.getByLabel('Id').inputValue()).toBe('our-api-staging');
      await editor.getByLabel('URL').fill('https://api.example.com/health');
      await editor.getByLabel('Other fields (JSON)').fill('{ "bodyMustNotContain": [');
      await expect.poll(() => editor.locator('.field-error').first().innerText()).toMatch(/^not valid JSON/);
      await editor
        .getByLabel('Other fields (JSON)')
        .fill('{ "bodyMustNotContain": ["Something went wrong"] }');
      await expect.poll(() => editor.locator('.field-error').count()).toBe(0);
      await page.getByRole('button', { name: 'Add service' }).click();
      await page.getByRole('heading', { name: 'Our API (staging)', level: 1 }).waitFor();
      expect(app.settings.settings().monitor.services).toEqual([
        {
          id: 'our-api-staging',
          name: 'Our API (staging)',
          sources: [
            {
              type: 'http',
              url: 'https://api.example.com/health',
              bodyMustNotContain: ['Something went wrong'],
            },
          ],
        },
      ]);
    });
  });

  it('edits and removes a watched service', async () => {
    await withApp(async (app) => {
      await app.handlers['catalog:add']('github');
      const page = await chromium.newPage();
      await app.open(page, renderer.pageUrl);
      await page.locator('.row', { hasText: 'GitHub' }).click();
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.locator('form.editor').getByLabel('Name').fill('GitHub (work)');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'GitHub (work)', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('button', { name: 'Remove this service' }).click();
      await page.getByRole('button', { name: 'Remove', exact: true }).click();
      await page.getByText('No services are watched yet.').waitFor();
      expect(watchedIds(app)).toEqual([]);
    });
  });
});
