import { afterAll, beforeAll, expect } from 'vitest';
import { rendererBuilt, RENDERER_DIR, startStaticServer, type StaticServer } from './static-server.js';

/**
 * The built renderer (dist/renderer) on a loopback server for the calling file, with the app's
 * Content-Security-Policy. A missing build fails the file, as the preload test does: `npm test`
 * builds first, and a renderer test that skipped itself would prove nothing.
 */
export function useRenderer(): { readonly server: StaticServer; readonly pageUrl: string } {
  let server: StaticServer | undefined;
  beforeAll(async () => {
    expect(
      rendererBuilt(),
      `${RENDERER_DIR}/index.html is missing: npm test builds it; run \`npm run build\` when running vitest alone`,
    ).toBe(true);
    server = await startStaticServer(RENDERER_DIR);
  });
  afterAll(async () => {
    await server?.close();
  });
  const started = (): StaticServer => {
    if (!server) throw new Error('useRenderer: the server starts in beforeAll');
    return server;
  };
  return {
    get server() {
      return started();
    },
    get pageUrl() {
      return started().pageUrl;
    },
  };
}
