import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../../main/desktop/app-identity.js';
import { loadBuilderConfig, REPO, validateBuilderConfig } from './builder-config.js';

/**
 * electron-builder.yml, the installers' recipe, cannot be built here (electron-builder downloads
 * Electron, and each OS builds its own installer: .github/workflows/release.yml). What can be
 * checked is checked: electron-builder's own validator accepts it, and it says what the README
 * promises for each platform.
 */
let release: Configuration;
let e2e: Configuration;

beforeAll(async () => {
  release = await loadBuilderConfig('electron-builder.yml');
  e2e = await loadBuilderConfig('build/e2e.electron-builder.yml');
});

const packageJson = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;

function targets(config: Configuration, platform: 'mac' | 'win' | 'linux'): [string, string[]][] {
  const list = (config[platform]?.target ?? []) as (string | TargetConfiguration)[];
  return list.map((entry) =>
    typeof entry === 'string' ? [entry, []] : [entry.target, ((entry.arch ?? []) as string[]).slice()],
  );
}

describe("electron-builder's validator", () => {
  it('accepts the release configuration', async () => {
    await expect(validateBuilderConfig(release)).resolves.toBeUndefined();
  });

  it('accepts the end-to-end configuration, which extends it', async () => {
    await expect(validateBuilderConfig(e2e)).resolves.toBeUndefined();
  });

  it.each<[string, (config: Configuration) => Configuration]>([
    ['a misspelt option', (config) => ({ ...config, nsis: { ...config.nsis, perMachin: false } as never })],
    ['a wrong type', (config) => ({ ...config, electronFuses: { runAsNode: 'off' as never } })],
    ['an unknown top-level key', (config) => ({ ...config, installers: {} }) as Configuration],
  ])('refuses %s, so its acceptance means something', async (_name, spoil) => {
    await expect(validateBuilderConfig(spoil(release))).rejects.toThrow(/Invalid configuration object/);
  });
});

describe('what the installers promise', () => {
  it('one identity: appId and product name as the app uses them', () => {
    expect(release.appId).toBe(APP_ID);
    expect(release.productName).toBe(PRODUCT_NAME);
    // Electron names the settings folder after package.json's productName, in `npm start` too.
    expect(packageJson.productName).toBe(PRODUCT_NAME);
  });

  it('macOS: dmg (and the zip the updater fetches) for Intel and Apple silicon, a menu bar app', () => {
    expect(targets(release, 'mac')).toEqual([
      ['dmg', ['x64', 'arm64']],
      ['zip', ['x64', 'arm64']],
    ]);
    expect(release.mac?.extendInfo).toMatchObject({ LSUIElement: true });
  });

  it('macOS: hardened runtime with entitlements; signing and notarisation left to the environment', () => {
    const mac = release.mac!;
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.entitlements).toBe('build/entitlements.mac.plist');
    const entitlements = readFileSync(join(REPO, mac.entitlements!), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    // Needed for the ad-hoc signature of builds without a certificate.
    expect(entitlements).toContain('<key>com.apple.security.cs.disable-library-validation</key>');
    // Not pinned: CSC_LINK brings the certificate, APPLE_* the notarisation; the release
    // workflow asks for an ad-hoc signature when there is no certificate.
    expect(mac.identity).toBeUndefined();
    expect(mac.notarize).toBeUndefined();
  });

  it('Windows: a per-user NSIS installer with a Start-menu shortcut', () => {
    expect(targets(release, 'win')).toEqual([['nsis', ['x64']]]);
    expect(release.nsis).toMatchObject({ perMachine: false, oneClick: true, createStartMenuShortcut: true });
  });

  it('Linux: AppImage, deb and rpm, with a maintainer, a homepage and libnotify', () => {
    expect(targets(release, 'linux').map(([target]) => target)).toEqual(['AppImage', 'deb', 'rpm']);
    expect(release.linux?.maintainer).toMatch(/<[^@\s]+@[^@\s]+\.[a-z]+>$/);
    expect(packageJson.homepage).toMatch(/^https:\/\//);
    expect(release.deb?.depends).toContain('libnotify4');
    expect(release.rpm?.depends).toContain('libnotify');
  });

  it('Linux: a desktop entry, and an icon set electron-builder can read', () => {
    expect(release.linux?.desktop?.entry).toMatchObject({ Name: 'Downwatch', StartupWMClass: 'Downwatch' });
    const iconDir = join(REPO, release.linux!.icon!);
    const sizes = readdirSync(iconDir)
      .map((name) => /^(\d+)x\1\.png$/.exec(name)?.[1])
      .filter((size) => size !== undefined)
      .map(Number);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
  });

  it.each([
    ['mac', () => release.mac?.icon],
    ['win', () => release.win?.icon],
  ])('%s: the app icon exists', (_platform, icon) => {
    expect(existsSync(join(REPO, icon()!))).toBe(true);
  });

  it('release fuses: no running as Node, no NODE_OPTIONS, no inspector, only a checked app.asar', () => {
    expect(release.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('the end-to-end build differs from the release only in allowing the inspector', () => {
    const { extends: _parent, electronFuses: e2eFuses, ...e2eRest } = e2e;
    const { extends: _none, electronFuses: releaseFuses, ...releaseRest } = release;
    expect(e2eRest).toEqual(releaseRest);
    expect(e2eFuses).toEqual({ ...releaseFuses, enableNodeCliInspectArguments: true });
  });

  it('publishes to GitHub releases, where electron-updater looks', () => {
    expect(release.publish).toEqual([{ provider: 'github', releaseType: 'release' }]);
  });
});

describe('what goes into the package', () => {
  /** The patterns in order; electron-builder's loader turns the YAML list into `[{ filter }]`. */
  function patterns(): string[] {
    const files = (release.files ?? []) as (string | { filter?: string | string[] })[];
    return files.flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
  }

  /** electron-builder's rule for `files`: the last pattern that matches a path decides. */
  function packaged(path: string): boolean {
    let included = false;
    for (const pattern of patterns()) {
      const negated = pattern.startsWith('!');
      if (posix.matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated;
    }
    return included;
  }

  it.each([
    'package.json',
    // version.ts reads the version from dist/package.json, which tsc copies there.
    'dist/package.json',
    'dist/main/index.js',
    'dist/main/preload/index.cjs',
    'dist/main/catalog/catalog.json',
    'dist/renderer/index.html',
    'assets/icons/generated/linux/tray-operational.png',
    'assets/icons/generated/darwin/tray-outage@2x.png',
    'assets/icons/generated/win32/tray-unknown.ico',
  ])('ships %s', (path) => {
    expect(packaged(path)).toBe(true);
  });

  it.each([
    'dist/test/renderer/support/chromium.js',
    'dist/bench/run.js',
    'dist/scripts/generate-icons.js',
    'dist/main/index.js.map',
    'assets/icons/app.svg',
    'main/index.ts',
    'test/app/composition.test.ts',
    'release/Downwatch-0.1.0-linux-x64.AppImage',
  ])('leaves out %s', (path) => {
    expect(packaged(path)).toBe(false);
  });
});
