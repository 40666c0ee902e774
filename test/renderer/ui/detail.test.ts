import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-under-test.js';
import { SCENES, XSS_IMG, XSS_SCRIPT } from '../support/scenes.js';
import { useApp } from '../support/use-app.js';
import { skipWithoutChromium, useChromium } from '../support/use-chromium.js';
import { useRenderer } from '../support/use-renderer.js';

/** A service's detail: the verdict, its reasons and one card per signal family. */
const noChromium = skipWithoutChromium('test/renderer/ui/detail.test.ts');

describe.skipIf(noChromium !== undefined)('the service detail', () => {
  const chromium = useChromium();
  const renderer = useRenderer();
  const everyday = useApp(SCENES.everyday);

  async function openService(name: string) {
    const page = await chromium.newPage();
    const session = await everyday.app.open(page, renderer.pageUrl);
    await page.locator('.row', { hasText: name }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    return { page, session };
  }

  it('a probe: the verdict and its reason, uptime with a strip, and a latency chart', async () => {
    const { page, session } = await openService('Twitter');
    const verdict = page.locator('.verdict');
    expect(await verdict.innerText()).toMatch(/Major outage/);
    expect(await page.locator('.reasons').innerText()).toMatch(/Something went wrong/);
    await page.getByText(/Uptime .* over 24 h/).waitFor();
    // The earlier 20-minute outage shows in the 24 h strip, said in words for screen readers.
    const strip = page.getByRole('img', { name: /Last 24 hours: disrupted for about/ });
    expect(await strip.locator('.strip-slot.status-major_outage').count()).toBeGreaterThan(0);
    const probe = page.getByRole('region', { name: /^Probe / });
    await probe.getByRole('img', { name: /Latency over 24 hours: typically \d+ ms/ }).waitFor();
    // uPlot drew it: a canvas inside the chart.
    expect(await probe.locator('.chart canvas').count()).toBe(1);
    expect(session.problems).toEqual([]);
  });

  it('the official page: incidents with their updates, components troubled first, and a link out', async () => {
    const { page, session } = await openService('Twilio');
    const card = page.getByRole('region', { name: /^Official status/ });
    await card.getByText('Open incidents').waitFor();
    const firstIncident = card.locator('details.incident').first();
    expect(await firstIncident.getAttribute('open')).not.toBeNull();
    expect(await firstIncident.locator('.timeline li').count()).toBeGreaterThan(0);
    await card.getByRole('button', { name: /Status page/ }).click();
    await expect.poll(() => everyday.app.opened.length).toBe(1);
    expect(everyday.app.opened[0]).toMatch(/^https?:\/\//);
    expect(session.problems).toEqual([]);
  });

  it('the crowd: reports against their usual level, a chart, and the regions behind the spike', async () => {
    const { page, session } = await openService('Discord');
    const card = page.getByRole('region', { name: /^Crowd reports/ });
    expect(await card.locator('.spike').innerText()).toMatch(/Likely spike|Possible spike/);
    await card.getByRole('img', { name: /Reports over the last day/ }).waitFor();
    const regions = await card.locator('.regions li').allInnerTexts();
    expect(regions[0]).toMatch(/United States/);
    expect(regions.join('\n')).toMatch(/Japan/);
    expect(session.problems).toEqual([]);
  });

  it('unknown is its own state, with why', async () => {
    const { page } = await openService('Intranet');
    expect(await page.locator('.verdict').innerText()).toMatch(/Unknown/);
    expect(await page.locator('.source-detail').first().innerText()).not.toBe('');
  });

  it('changes the notification level of this service, saved in the settings', async () => {
    const app = await startApp(SCENES.everyday);
    try {
      const page = await chromium.newPage();
      await app.open(page, renderer.pageUrl);
      await page.locator('.row', { hasText: 'GitHub' }).click();
      await page.getByLabel('Notify me of').selectOption('outages');
      await expect
        .poll(() => app.settings.settings().alerts)
        .toMatchObject({ levels: { github: 'outages' } });
      await page.getByRole('button', { name: 'Snooze this service for 1 h' }).click();
      await page.getByText(/^Snoozed until/).waitFor();
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(noChromium !== undefined)('third-party text', () => {
  const chromium = useChromium();
  const renderer = useRenderer();
  const xss = useApp(SCENES.xss);

  it('renders an incident title, update and component carrying HTML as inert text', async () => {
    const page = await chromium.newPage();
    const session = await xss.app.open(page, renderer.pageUrl);
    await page.locator('.row', { hasText: 'Acme' }).click();
    const card = page.getByRole('region', { name: /^Official status/ });
    const titles = card.locator('.incident-title');
    await titles.first().waitFor();
    expect((await titles.allInnerTexts()).join('\n')).toContain(XSS_IMG);
    expect(await card.locator('.timeline').first().innerText()).toContain(
      `Escaped: ${XSS_IMG} and ${XSS_SCRIPT}`,
    );
    expect(await card.locator('.components').first().innerText()).toContain(
      `${XSS_IMG}SMS, Middle East & Africa`,
    );
    // Nothing ran, and nothing became an element.
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.view img, .view script').count()).toBe(0);
    expect(session.problems).toEqual([]);
  });
});
