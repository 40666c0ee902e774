import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowPermission,
  CONTENT_SECURITY_POLICY,
  isSafeExternalUrl,
  isTrustedSender,
  secureWebPreferences,
} from '../../main/desktop/security.js';

describe('window preferences', () => {
  it('isolate and sandbox the renderer, with no Node anywhere', () => {
    expect(secureWebPreferences('/app/preload.js')).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1)]),
  );
  it.each([
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ])('%s is %j', (name, values) => {
    expect(directives.get(name)).toEqual(values);
  });

  it('allows no inline or evaluated script', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
  });
});

describe('external links', () => {
  it.each([
    ['https://www.githubstatus.com/incidents/abc', true],
    ['http://status.example.com', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['https://user:pass@example.com', false],
    ['not a url', false],
    [42, false],
    [`https://example.com/${'a'.repeat(3000)}`, false],
  ])('%s → %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe);
  });
});

describe('IPC senders', () => {
  const app = 'file:///opt/Downwatch/resources/app.asar/renderer/index.html';
  it.each([
    ['the app page, top frame', { url: app, isTopFrame: true }, true],
    ['the app page with a hash', { url: `${app}#/service/github`, isTopFrame: true }, true],
    ['an iframe inside the app', { url: app, isTopFrame: false }, false],
    ['another local file', { url: 'file:///tmp/evil.html', isTopFrame: true }, false],
    ['a remote page', { url: 'https://evil.example/', isTopFrame: true }, false],
    ['garbage', { url: '::', isTopFrame: true }, false],
  ])('%s: %s', (_name, sender, trusted) => {
    expect(isTrustedSender(sender, app)).toBe(trusted);
  });

  it('compares origins for a dev server', () => {
    expect(
      isTrustedSender(
        { url: 'http://localhost:5173/index.html', isTopFrame: true },
        'http://localhost:5173/',
      ),
    ).toBe(true);
    expect(
      isTrustedSender({ url: 'http://localhost:5174/', isTopFrame: true }, 'http://localhost:5173/'),
    ).toBe(false);
  });
});

describe('navigation and permissions', () => {
  it.each(['https://example.com', 'file:///etc/passwd', 'downwatch://x'])('never navigates to %s', (url) => {
    expect(allowNavigation(url)).toBe(false);
  });
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read'])('never grants %s', (permission) => {
    expect(allowPermission(permission)).toBe(false);
  });
});
