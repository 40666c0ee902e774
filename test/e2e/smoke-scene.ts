import { PRODUCT_NAME } from '../../main/desktop/app-identity.js';

/**
 * What the Electron smoke test (smoke.e2e.ts) gives the packaged app: one service whose official
 * page is a real Statuspage summary on a loopback server, and connectivity checked against the
 * same server, so the run needs nothing but this machine. smoke-scene.test.ts checks the file
 * against the app's own settings schema on every `npm test`, where Electron cannot run.
 */
export const FIXTURE_SERVICE = { id: 'fixture-status', name: 'Fixture Status' } as const;
export const SUMMARY_FIXTURE = 'statuspage/github-summary-all-operational-2019.json';

export function smokeSettings(serverUrl: string): Record<string, unknown> {
  return {
    version: 1,
    monitor: {
      version: 1,
      connectivity: { targets: [`${serverUrl}/health`] },
      services: [{ ...FIXTURE_SERVICE, sources: [{ type: 'statuspage', url: serverUrl }] }],
    },
    // A packaged build looks for updates; this one must not reach GitHub.
    autoUpdate: false,
    launchAtLogin: false,
  };
}

/** Where Electron keeps the settings on Linux: $XDG_CONFIG_HOME/<productName>. */
export function linuxUserData(xdgConfigHome: string): string {
  return `${xdgConfigHome}/${PRODUCT_NAME}`;
}
