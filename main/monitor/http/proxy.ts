/**
 * Proxy settings from the conventional variables. Lower-case names win, as in curl and undici.
 * An empty string means "no proxy", so tests and callers can switch the environment's off.
 */
export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const pick = (name: string): string => env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '';
  const httpProxy = pick('http_proxy');
  return {
    httpProxy,
    // HTTPS_PROXY falls back to HTTP_PROXY, the same rule undici's EnvHttpProxyAgent applies.
    httpsProxy: pick('https_proxy') || httpProxy,
    noProxy: pick('no_proxy'),
  };
}

export function usesProxy(settings: ProxySettings): boolean {
  return settings.httpProxy !== '' || settings.httpsProxy !== '';
}
