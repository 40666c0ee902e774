import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loopback servers and child processes make a few tests slower than vitest's 5 s default.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: {
      // A stray runtime require('electron') must fail fast instead of trying to download the binary.
      ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist',
      // Tests only talk to loopback; a proxy in the developer's shell must not reroute them.
      HTTP_PROXY: '',
      HTTPS_PROXY: '',
      http_proxy: '',
      https_proxy: '',
    },
    // expect.poll waits on a page or an engine that shares two cores with other test files.
    expect: { poll: { timeout: 5000 } },
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
