import { afterAll, beforeAll } from 'vitest';
import { startApp, type AppOptions, type AppUnderTest } from './app-under-test.js';
import type { Scene } from './scenes/scene.js';

/**
 * One settled scene for a whole test file: started in beforeAll (a day of the everyday scene
 * takes about two seconds), closed in afterAll. Tests that change settings or services should
 * start their own with startApp, so no test sees another's changes.
 */
export function useApp(scene: Scene, options: AppOptions = {}): { readonly app: AppUnderTest } {
  let app: AppUnderTest | undefined;
  beforeAll(async () => {
    app = await startApp(scene, options);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app() {
      if (!app) throw new Error(`useApp(${scene.name}): the app starts in beforeAll`);
      return app;
    },
  };
}
