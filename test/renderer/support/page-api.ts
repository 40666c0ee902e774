import type { PreloadApi } from '../../../main/preload/index.cjs';
import type {
  DownwatchApi,
  PushChannel,
  PushChannels,
  RequestArgs,
  RequestChannel,
  RequestResult,
} from '../../../main/shared/ipc.js';
import type { SettingsEdit } from '../../../main/shared/settings-view.js';

/**
 * `window.downwatch` in a plain Chromium page, standing in for the preload
 * (main/preload/index.cts): the same methods, each sending its channel and arguments to the
 * test's "main process" through a Playwright binding, and `on` for what main pushes. Only types
 * are imported, so the installer below is self-contained: Playwright sends its source text to
 * the page, where it runs before any of the page's own scripts.
 */

/** The names the installer and the Node side agree on. */
export interface PageApiNames {
  /** Playwright binding: (channel, args) → Reply. */
  readonly invoke: string;
  /** Set on the page by the installer: (channel, payload) delivers a push. */
  readonly push: string;
  /** Playwright binding: (kind, text) reports what the page would otherwise keep to itself (a CSP violation). */
  readonly report: string;
  readonly pushChannels: readonly PushChannel[];
}

/** Every push channel, checked against the contract: a new channel fails the build here. */
const PUSH_CHANNELS = {
  'snapshot:changed': true,
  'window:show-service': true,
  'window:show-settings': true,
  'settings:changed': true,
} as const satisfies Record<PushChannel, true>;

export const PAGE_API_NAMES: PageApiNames = {
  invoke: '__downwatchInvoke',
  push: '__downwatchPush',
  report: '__downwatchReport',
  pushChannels: Object.keys(PUSH_CHANNELS) as PushChannel[],
};

/**
 * What main answers, like Electron's reply to ipcRenderer.invoke: a result, or the error as
 * text (`String(error)`, "Error: ..."), which the page turns into Electron's own message.
 */
export type Reply = { readonly result: unknown } | { readonly error: string };

/** The parts of the page's global scope the installer touches (tests type-check without the DOM library). */
interface PageScope {
  downwatch?: DownwatchApi;
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string; sample: string }) => void,
    ): void;
  };
}

/** Both key sets equal, or the type `false`: the injected API must have exactly the preload's methods. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;

export function installDownwatchApi(names: PageApiNames): void {
  const scope = globalThis as unknown as PageScope & Record<string, unknown>;
  const report = (kind: string, text: string): void => {
    const binding = scope[names.report] as ((kind: string, text: string) => Promise<void>) | undefined;
    void binding?.(kind, text);
  };

  async function invoke<C extends RequestChannel>(
    channel: C,
    args: RequestArgs<C>,
  ): Promise<RequestResult<C>> {
    const binding = scope[names.invoke] as (channel: string, args: readonly unknown[]) => Promise<Reply>;
    const reply = await binding(channel, args);
    // Electron's wording (lib/renderer/api/ipc-renderer.ts), which the renderer's errorText strips.
    if ('error' in reply) throw new Error(`Error invoking remote method '${channel}': ${reply.error}`);
    return reply.result as RequestResult<C>;
  }

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = {
    snapshotGet: () => invoke('snapshot:get', []),
    servicesCheckNow: (serviceIds?: readonly string[]) => invoke('services:check-now', [serviceIds]),
    servicesHistory: (serviceId: string) => invoke('services:history', [serviceId]),
    servicesDetect: (url: string) => invoke('services:detect', [url]),
    configValidate: (config: unknown) => invoke('config:validate', [config]),
    notificationsSnooze: (until: number | null) => invoke('notifications:snooze', [until]),
    shellOpenExternal: (url: string) => invoke('shell:open-external', [url]),
    settingsGet: () => invoke('settings:get', []),
    settingsEdit: (edit: SettingsEdit) => invoke('settings:edit', [edit]),
    secretsStore: (name: string, value: string) => invoke('secrets:store', [name, value]),
    settingsExport: () => invoke('settings:export', []),
    settingsImport: () => invoke('settings:import', []),
    catalogSearch: (query: string) => invoke('catalog:search', [query]),
    catalogAdd: (id: string) => invoke('catalog:add', [id]),
    windowHide: () => invoke('window:hide', []),
    on: <P extends PushChannel>(channel: P, listener: (payload: PushChannels[P]) => void): (() => void) => {
      if (!names.pushChannels.includes(channel)) throw new Error(`downwatch.on: unknown channel ${channel}`);
      const forward = (payload: unknown): void => listener(payload as PushChannels[P]);
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(forward));
      return () => {
        set.delete(forward);
      };
    },
  } satisfies DownwatchApi;
  const _exactlyThePreloadsMethods: SameKeys<typeof api, PreloadApi> = true;

  // contextBridge hands the page a frozen copy on a read-only property.
  Object.defineProperty(scope, 'downwatch', { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(scope, names.push, {
    value: (channel: string, payload: unknown): void => {
      for (const listener of listeners.get(channel) ?? []) {
        try {
          listener(payload);
        } catch (error) {
          // As in Electron, a listener's error is the page's uncaught error, not main's.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  });
  scope.document.addEventListener('securitypolicyviolation', (event) => {
    report(
      'csp',
      `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ${event.sample}`.trim(),
    );
  });
}
