import { MINUTE, type Scene } from './scene.js';

/**
 * No network: the connectivity target and every source are unreachable, so the engine says
 * "you appear to be offline" once instead of a wall of outages.
 */
export const offline: Scene = {
  name: 'offline',
  runMs: 2 * MINUTE,
  connectivity: 'offline',
  expected: { github: 'unknown', slack: 'unknown' },
  site: () => ({
    routes: {},
    config: (_site, closed) => ({
      version: 1,
      connectivity: { targets: [`${closed}/generate_204`], timeoutMs: 1000 },
      services: [
        {
          id: 'github',
          name: 'GitHub',
          sources: [
            { type: 'http', label: 'Homepage', url: `${closed}/github/` },
            { type: 'statuspage', url: `${closed}/github/status` },
          ],
        },
        {
          id: 'slack',
          name: 'Slack',
          sources: [{ type: 'http', label: 'Homepage', url: `${closed}/slack/` }],
        },
      ],
    }),
  }),
};
