import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../main/desktop/security.js';
import { startServer, type TestServer } from '../../support/http-server.js';
import { RENDERER_DIR } from './repository.js';

export { RENDERER_DIR };

/**
 * The built renderer over loopback HTTP, with the policy main enforces in the app
 * (main/app/popover-window.ts sends CONTENT_SECURITY_POLICY as a header), so a page that breaks
 * it fails here as it would in Electron. Only files under the root are served.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function rendererBuilt(dir = RENDERER_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}

export interface StaticServer extends TestServer {
  /** The page to open: the root's index.html. */
  readonly pageUrl: string;
}

export async function startStaticServer(
  root: string,
  options: { readonly csp?: string } = {},
): Promise<StaticServer> {
  const base = await realpath(root);
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  const server = await startServer(async (req, res) => {
    const headers = {
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await resolveFile(base, req.url ?? '/');
    if (file === undefined) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return { ...server, pageUrl: `${server.url}/` };
}

/**
 * The file a request path names, or undefined: decoded once (so "%2e%2e%2f" is caught as
 * "../"), no NUL or backslash, and after following links still inside the root.
 */
async function resolveFile(base: string, rawUrl: string): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(rawUrl.split(/[?#]/, 1)[0] ?? '/');
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return undefined;
  if (path.split('/').some((segment) => segment === '..')) return undefined;
  const wanted = join(base, path.endsWith('/') ? `${path}index.html` : path);
  try {
    const real = await realpath(wanted);
    if (!real.startsWith(base + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
