import { MINUTE, type Scene } from './scene.js';

/** Nothing watched yet: the first start before any service is added. */
export const empty: Scene = {
  name: 'empty',
  runMs: MINUTE,
  connectivity: 'online',
  expected: {},
  site: () => ({
    routes: { '/generate_204': { status: 204 } },
    config: (site) => ({
      version: 1,
      connectivity: { targets: [`${site}/generate_204`], timeoutMs: 2000 },
      services: [],
    }),
  }),
};
