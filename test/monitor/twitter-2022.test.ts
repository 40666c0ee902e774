import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOnce } from '../../main/monitor/check.js';
import { systemClock, type Clock } from '../../main/monitor/clock.js';
import { createHttpClient } from '../../main/monitor/http/client.js';
import { silentLogger } from '../../main/monitor/logger.js';
import { environmentSecrets } from '../../main/monitor/secrets.js';
import type { ServiceSnapshot } from '../../main/shared/snapshot.js';
import { fakeDowndetector } from '../support/downdetector-fake.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { realFixture } from '../support/fixtures.js';
import { QUARTER_HOUR, TWITTER_OUTAGE_DAY, twitter2022Series } from '../support/report-series.js';
import { validConfig } from '../support/twitter-case.js';

/**
 * Issue 4's replay of 2022-12-29, through the whole engine: a day of quiet report buckets, the
 * rise from about 03:00 and the peak near 07:00 (US over 10,000, Japan and the UK about 2,500 a
 * quarter hour), the official page operational throughout, and the desktop site serving its
 * "Something went wrong" page with HTTP 200 while the outage peaked. Checked every 15 minutes.
 */
const series = twitter2022Series();
let now = TWITTER_OUTAGE_DAY;
let server: TestServer;
const http = createHttpClient({ env: {} });
const hours = (at: number): number => (at - TWITTER_OUTAGE_DAY) / 3_600_000;
const errorPageBetween = [6.75, 9.5] as const;

beforeAll(async () => {
  const downdetector = fakeDowndetector(series, () => now);
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (downdetector.handle(req, res, url.pathname, url.searchParams)) return;
    if (url.pathname === '/generate_204') return void res.writeHead(204).end();
    if (url.pathname === '/status/api/v2/summary.json') {
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(realFixture('statuspage/github-summary-all-operational-2019.json'));
    }
    if (url.pathname === '/home') {
      const broken = hours(now) >= errorPageBetween[0] && hours(now) < errorPageBetween[1];
      return void res.end(
        broken
          ? 'Something went wrong, but don’t fret — let’s give it another shot.'
          : '<main>Home timeline</main>',
      );
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

function config() {
  return validConfig({
    version: 1,
    confirm: { retries: 0 },
    connectivity: { targets: [`${server.url}/generate_204`] },
    services: [
      {
        id: 'twitter',
        name: 'Twitter',
        sources: [
          {
            type: 'http',
            label: 'Desktop web',
            url: `${server.url}/home`,
            bodyMustNotContain: ['Something went wrong'],
          },
          { type: 'statuspage', url: `${server.url}/status` },
          {
            type: 'downdetector',
            label: 'Downdetector',
            slug: 'twitter',
            countries: ['US', 'JP', 'GB'],
            url: `${server.url}/dd`,
            clientId: 'id',
            clientSecret: { env: 'DD_SECRET' },
          },
        ],
      },
    ],
  });
}

/** The clock of one round: fixed at the simulated now, with instant sleeps (no real waiting). */
function clockAt(at: number): Clock {
  return { ...systemClock, now: () => at, sleep: () => Promise.resolve() };
}

async function verdictAt(at: number): Promise<ServiceSnapshot> {
  now = at;
  const snapshot = await checkOnce(config(), {
    http,
    clock: clockAt(at),
    logger: silentLogger,
    secrets: environmentSecrets({ DD_SECRET: 'dd-secret-value' }),
  });
  return snapshot.services[0]!;
}

describe('the December 2022 Twitter outage, through the engine', () => {
  const rounds: { at: number; verdict: ServiceSnapshot }[] = [];
  beforeAll(async () => {
    for (
      let at = TWITTER_OUTAGE_DAY + 2 * 3_600_000;
      at <= TWITTER_OUTAGE_DAY + 12 * 3_600_000;
      at += QUARTER_HOUR
    ) {
      rounds.push({ at: at + 10 * 60_000, verdict: await verdictAt(at + 10 * 60_000) });
    }
  }, 120_000);

  const firstTurn = () => rounds.find((round) => round.verdict.status !== 'operational');

  it('is calm before the reports rise', () => {
    const before = rounds.filter((round) => hours(round.at) < 3);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((round) => round.verdict.status === 'operational')).toBe(true);
  });

  it('turns within the first hour of the rise, from the crowd alone, while the official page is green', () => {
    const turn = firstTurn()!;
    expect(hours(turn.at)).toBeGreaterThanOrEqual(3);
    expect(hours(turn.at)).toBeLessThan(4);
    expect(turn.verdict.status).toBe('degraded');
    expect(turn.verdict.summary).toMatch(
      // Early on the US holds about half of the reports, so all three countries are named.
      /^Degraded: Downdetector: possible problem: reports [\d.]+× the usual level \([\d,]+ against about [\d,]+ per 15 min\), (mostly US \(\d+%\)|in US, (GB, JP|JP, GB))/,
    );
    expect(turn.verdict.summary).toMatch(/, while the official page says operational$/);
  });

  it('calls it a likely outage before the peak, in the US, Japan and the UK', () => {
    const likely = rounds.find((round) => round.verdict.status === 'partial_outage')!;
    expect(hours(likely.at)).toBeLessThan(7);
    expect(likely.verdict.summary).toMatch(
      /likely outage: reports \d+× the usual level .*mostly US \(\d+%\), also JP, GB/,
    );
  });

  it('is a major outage when the error page and the reports agree', () => {
    const peak = rounds.find((round) => hours(round.at) >= 7.5)!;
    expect(peak.verdict.status).toBe('major_outage');
    expect(peak.verdict.summary).toMatch(
      /^Major outage: probe "Desktop web": HTTP 200 with error text "Something went wrong"; Downdetector: likely outage: .*, while the official page says operational$/,
    );
    const downdetector = peak.verdict.sources.find((source) => source.type === 'downdetector');
    expect(downdetector?.detail).not.toContain('dd-secret-value');
  });

  it('recovers as the reports subside, and stays recovered', () => {
    const after = rounds.filter(
      (round) => round.at > rounds.findLast((r) => r.verdict.status !== 'operational')!.at,
    );
    const recoveredAt = after[0]!.at;
    expect(hours(recoveredAt)).toBeLessThanOrEqual(11);
    expect(after.every((round) => round.verdict.status === 'operational')).toBe(true);
    expect(hours(rounds.at(-1)!.at)).toBeGreaterThan(11.5);
  });
});
