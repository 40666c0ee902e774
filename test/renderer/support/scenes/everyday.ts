import { setTimeout as sleep } from 'node:timers/promises';
import { realPayload } from '../repository.js';
import { twitterService } from '../../../support/twitter-case.js';
import { reportCounts } from './report-counts.js';
import { everyFiveMinutes, HOUR, json, MINUTE, page, type Scene } from './scene.js';

/**
 * A day in the life, ending now: one service of each kind of news, so a list sorted worst first
 * has something in every place, and a day of history (checks every five minutes) behind each.
 *
 * - Twitter: its home page says "Something went wrong" (the December 2022 case: HTTP 200 and an
 *   error page) for the last two hours and for twenty minutes in the night, while its official
 *   page says operational.
 * - Discord: the page answers, but reports from the US, Japan and the UK rose 40× in the last
 *   75 minutes.
 * - Twilio: its real Statuspage summary of June 2020, two open incidents and degraded
 *   components.
 * - Our API: answers in about 40 ms for the last 30 minutes, slower than its 25 ms limit.
 * - CloudAMQP: its real summary during announced maintenance.
 * - Intranet: a status page nobody answers on.
 * - GitHub: all operational (real 2019 summary), with its recent resolved incidents.
 */

const TWITTER_OUTAGES = [
  { from: 14 * HOUR, to: 14 * HOUR - 20 * MINUTE },
  { from: 2 * HOUR, to: 0 },
] as const;
const SLOW_FOR = 30 * MINUTE;
const SLOW_MS = 40;

export const everyday: Scene = {
  name: 'everyday',
  runMs: 24 * HOUR,
  connectivity: 'online',
  expected: {
    twitter: 'major_outage',
    discord: 'partial_outage',
    twilio: 'degraded',
    'our-api': 'degraded',
    cloudamqp: 'maintenance',
    intranet: 'unknown',
    github: 'operational',
  },
  site({ clock, end }) {
    const ago = (): number => end - clock.now();
    return {
      routes: {
        '/generate_204': { status: 204 },
        '/github/': page('<title>GitHub</title><h1>Let’s build from here</h1>'),
        '/github/status/api/v2/summary.json': json(
          realPayload('statuspage/github-summary-all-operational-2019.json'),
        ),
        '/github/status/api/v2/incidents.json': json(
          realPayload('statuspage/github-incidents-multi-update-2024-09.json'),
        ),
        '/twilio/status/api/v2/summary.json': json(
          realPayload('statuspage/twilio-summary-minor-groups-and-scheduled-2020-06.json'),
        ),
        '/cloudamqp/status/api/v2/summary.json': json(
          realPayload('statuspage/cloudamqp-summary-under-maintenance-2020-07-16.json'),
        ),
        '/twitter/home': (_req, res) => {
          const down = TWITTER_OUTAGES.some((outage) => ago() <= outage.from && ago() > outage.to);
          res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(
              down
                ? '<p>Something went wrong, but don’t fret — let’s give it another shot.</p><button>Try again</button>'
                : '<p>Home timeline</p>',
            );
        },
        '/twitter/status/api/v2/summary.json': json(
          realPayload('statuspage/github-summary-all-operational-2019.json'),
        ),
        '/discord/': page('<title>Discord</title><h1>Imagine a place</h1>'),
        '/discord/reports.json': reportCounts({ clock, end, spikeMinutes: 75, seed: 2026 }),
        '/api/health': async (_req, res) => {
          if (ago() <= SLOW_FOR) await sleep(SLOW_MS);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        },
      },
      config: (site, closed) => ({
        version: 1,
        connectivity: { targets: [`${site}/generate_204`], timeoutMs: 2000 },
        services: [
          {
            id: 'github',
            name: 'GitHub',
            sources: [
              { type: 'http', label: 'Homepage', url: `${site}/github/` },
              { type: 'statuspage', url: `${site}/github/status` },
            ],
          },
          { id: 'twilio', name: 'Twilio', sources: [{ type: 'statuspage', url: `${site}/twilio/status` }] },
          {
            id: 'cloudamqp',
            name: 'CloudAMQP',
            sources: [{ type: 'statuspage', url: `${site}/cloudamqp/status` }],
          },
          twitterService(`${site}/twitter`),
          {
            id: 'discord',
            name: 'Discord',
            sources: [
              { type: 'http', label: 'Homepage', url: `${site}/discord/` },
              {
                type: 'reports',
                label: 'Support reports',
                url: `${site}/discord/reports.json`,
                items: 'data',
                time: 't',
                count: 'n',
                region: 'cc',
                // An export refreshed every half hour: asking more often learns nothing.
                intervalSeconds: 1800,
              },
            ],
          },
          {
            id: 'our-api',
            name: 'Our API',
            sources: [
              { type: 'http', label: 'Health check', url: `${site}/api/health`, degradedAboveMs: 25 },
            ],
          },
          {
            id: 'intranet',
            name: 'Intranet',
            sources: [{ type: 'statuspage', label: 'Status page', url: `${closed}/status` }],
          },
        ].map(everyFiveMinutes),
      }),
    };
  },
};
