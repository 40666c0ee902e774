import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the packaged Electron app, driven by Playwright. Only on GitHub's runners
 * (.github/workflows/ci.yml), which can download Electron; `npm test` never includes it.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 30_000 } },
    fileParallelism: false,
  },
});
