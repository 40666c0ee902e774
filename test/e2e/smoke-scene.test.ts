import { describe, expect, it } from 'vitest';
import { parseSettings, monitorConfigOf } from '../../main/desktop/settings/schema.js';
import { FIXTURE_SERVICE, smokeSettings } from './smoke-scene.js';

/** The Electron smoke test only runs on GitHub's runners; its input is checked here. */
describe('the Electron smoke test scene', () => {
  it('is a settings file the app accepts, with the fixture service and no update checks', () => {
    const parsed = parseSettings(smokeSettings('http://127.0.0.1:4321'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.settings.autoUpdate).toBe(false);
    const config = monitorConfigOf(parsed.settings);
    expect(config.services.map((service) => [service.id, service.name])).toEqual([
      [FIXTURE_SERVICE.id, FIXTURE_SERVICE.name],
    ]);
    expect(config.connectivity.targets).toEqual(['http://127.0.0.1:4321/health']);
  });
});
