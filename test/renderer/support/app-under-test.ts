import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { IpcHandlers } from '../../../main/app/ipc.js';
import { setupSettingsStore, type SettingsStore } from '../../../main/app/settings-store.js';
import { catalogDeps } from '../../../main/desktop/catalog-hits.js';
import { createIpcHandlers } from '../../../main/desktop/ipc-handlers.js';
import { settingsView } from '../../../main/desktop/settings/settings-edit.js';
import { alertSettingsSchema, DEFAULT_ALERT_SETTINGS } from '../../../main/monitor/alerts/alert-settings.js';
import { History } from '../../../main/monitor/history/history.js';
import { createHttpClient } from '../../../main/monitor/http/client.js';
import { silentLogger } from '../../../main/monitor/logger.js';
import { Monitor } from '../../../main/monitor/monitor.js';
import type { PushChannel, PushChannels } from '../../../main/shared/ipc.js';
import { closedPort, startRoutes, type TestServer } from '../../support/http-server.js';
import { ManualClock } from '../../support/manual-clock.js';
import { countingHttp, followRealTime, runFor, type CountingHttp } from './engine-time.js';
import { gate } from './ipc-gate.js';
import { installDownwatchApi, PAGE_API_NAMES, type Reply } from './page-api.js';
import { DETECT_HOMEPAGE, detectRoutes } from './scenes/detect-site.js';
import type { Scene } from './scenes/scene.js';

/**
 * The "main process" for a page in Chromium, built from the app's real parts as main/index.ts
 * composes them: the engine (on a ManualClock) reading a loopback site, its history, the
 * settings store on a real file, and the real IPC handlers behind the same gate (trusted frame,
 * validated arguments). Only Electron's own pieces are stand-ins: the preload (page-api.ts), the
 * browser that openExternal would start and the window that would hide (both recorded), the file
 * dialogs (answered from a queue) and safeStorage (a reversible seal, as in
 * test/desktop/ipc-handlers.test.ts).
 */

export interface Invocation {
  readonly channel: string;
  readonly args: readonly unknown[];
  /** The refusal or the handler's error, as the page was told. */
  readonly error?: string;
}

export interface PageSession {
  readonly page: Page;
  /** Uncaught errors, console errors and CSP violations, in order: a sound page has none. */
  readonly problems: readonly string[];
  push<P extends PushChannel>(channel: P, payload: PushChannels[P]): Promise<void>;
}

export interface AppUnderTest {
  readonly scene: Scene;
  readonly clock: ManualClock;
  readonly monitor: Monitor;
  readonly history: History;
  readonly settings: SettingsStore;
  readonly handlers: IpcHandlers;
  /** The loopback site the scene's sources read. */
  readonly site: TestServer;
  /** A homepage that links to a Statuspage, for "add by URL". */
  readonly detectUrl: string;
  /** Every request a page made, in order, refused ones too. */
  readonly invocations: readonly Invocation[];
  /** What shell.openExternal would have opened. */
  readonly opened: readonly string[];
  /** How often the page asked to hide the popover. */
  readonly hidden: number;
  /** The next file dialogs' answers, in order; an empty queue is a cancelled dialog. */
  answerDialogs(...paths: (string | undefined)[]): void;
  /** Gives a page `window.downwatch` (before its scripts run), accepting calls from `appUrl` only. */
  attach(page: Page, appUrl: string): Promise<PageSession>;
  /** attach, then load `appUrl`. */
  open(page: Page, appUrl: string): Promise<PageSession>;
  /** Pushes to every attached page, as main's window.push does. */
  push<P extends PushChannel>(channel: P, payload: PushChannels[P]): Promise<void>;
  /**
   * Moves the engine's time forward, every check that comes due run to its end. Only while the
   * clock is not following real time (`live: false`).
   */
  runFor(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface AppOptions {
  /**
   * After the scene's run, the clock follows real time (the default): checks, pushes and
   * relative times behave as in the app. Off, time stands still until `runFor`.
   */
  readonly live?: boolean;
}

/** Builds the scene's site, runs the engine on it for the scene's span, and hands it over settled. */
export async function startApp(scene: Scene, options: AppOptions = {}): Promise<AppUnderTest> {
  const end = Date.now();
  const clock = new ManualClock(end - scene.runMs);
  const sceneSite = scene.site({ clock, end });
  const site = await startRoutes({ ...detectRoutes(), ...sceneSite.routes });
  const closed = `http://127.0.0.1:${await closedPort()}`;
  const folder = await mkdtemp(join(tmpdir(), `downwatch-${scene.name}-`));
  const http: CountingHttp = countingHttp(createHttpClient({ env: {} }));

  const settings = await setupSettingsStore({
    path: join(folder, 'config.json'),
    clock,
    logger: silentLogger,
    notify: () => undefined,
    encrypt: (plaintext) => Promise.resolve(seal(plaintext)),
  });
  await settings.update((draft) => ({ ...draft, monitor: sceneSite.config(site.url, closed) }));

  const history = new History({ clock });
  const monitor = new Monitor(settings.monitorConfig(), {
    http,
    clock,
    logger: silentLogger,
    history,
    // No jitter: checks every five minutes land in one history bucket each.
    random: () => 0.5,
  });
  settings.onChange(() => monitor.setConfig(settings.monitorConfig()));

  const invocations: Invocation[] = [];
  const opened: string[] = [];
  const dialogAnswers: (string | undefined)[] = [];
  let hidden = 0;
  const alertSettings = () =>
    alertSettingsSchema.safeParse(settings.settings().alerts).data ?? DEFAULT_ALERT_SETTINGS;
  const handlers = createIpcHandlers({
    monitor,
    history,
    http,
    detectTimeoutMs: 2000,
    // As main/index.ts: a snooze is a settings change, which the window hears about.
    snooze: (until) => {
      void settings.update((draft) => ({
        ...draft,
        alerts: { ...alertSettings(), snoozedUntil: until ?? undefined },
      }));
    },
    openExternal: (url) => {
      opened.push(url);
    },
    catalog: catalogDeps(),
    hideWindow: () => {
      hidden += 1;
    },
    settings: {
      store: settings,
      storeSecret: async (name, plaintext) => {
        await settings.update((draft) => ({
          ...draft,
          secrets: { ...draft.secrets, [name]: seal(plaintext) },
        }));
      },
      chooseExportPath: () => Promise.resolve(dialogAnswers.shift()),
      chooseImportPath: () => Promise.resolve(dialogAnswers.shift()),
    },
  });

  const sessions = new Set<Session>();
  const pushAll = async <P extends PushChannel>(channel: P, payload: PushChannels[P]): Promise<void> => {
    await Promise.all([...sessions].map((session) => session.push(channel, payload)));
  };
  /** What main pushes on its own: a failure is the page's problem to report, never an unhandled rejection. */
  const broadcast = <P extends PushChannel>(channel: P, payload: PushChannels[P]): void => {
    for (const session of sessions) {
      session.push(channel, payload).catch((error: unknown) => {
        // Closed, or navigating: Electron loses that push too.
        if (session.page.isClosed() || /Execution context was destroyed/.test(String(error))) return;
        session.problems.push(`push ${channel} failed: ${String(error)}`);
      });
    }
  };
  const unsubscribe = [
    monitor.onSnapshot((snapshot) => broadcast('snapshot:changed', snapshot)),
    settings.onChange((next) => broadcast('settings:changed', settingsView(next, settings.readOnly))),
  ];

  monitor.start();
  await runFor(clock, http, scene.runMs, { batchMs: 10_000 });
  const live = options.live ?? true;
  const stopFollowing = live ? followRealTime(clock) : () => undefined;

  // Requests still being answered (a settings write, its backup): close waits for them, so none
  // lands in the folder being removed.
  const inFlight = new Set<Promise<Reply>>();

  const attach = async (page: Page, appUrl: string): Promise<PageSession> => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      // Chromium asks an http origin for /favicon.ico on its own; Electron's file: page never does.
      if (message.type() !== 'error' || message.location().url.endsWith('/favicon.ico')) return;
      problems.push(`console: ${message.text()}`);
    });
    await page.exposeBinding(PAGE_API_NAMES.report, (_source, kind: unknown, text: unknown) => {
      problems.push(`${String(kind)}: ${String(text)}`);
    });
    await page.exposeBinding(
      PAGE_API_NAMES.invoke,
      async (source, channel: unknown, args: unknown): Promise<Reply> => {
        const frame = { url: source.frame.url(), isTopFrame: source.frame.parentFrame() === null };
        const list = Array.isArray(args) ? (args as unknown[]) : [];
        const answering = gate(handlers, frame, appUrl, channel, list);
        inFlight.add(answering);
        const reply = await answering.finally(() => inFlight.delete(answering));
        invocations.push({
          channel: String(channel),
          args: list,
          ...('error' in reply ? { error: reply.error } : {}),
        });
        return reply;
      },
    );
    await page.addInitScript(installDownwatchApi, PAGE_API_NAMES);
    const session: Session = {
      page,
      problems,
      push: async (channel, payload) => {
        if (page.isClosed()) return;
        await page.evaluate(
          ([receiver, name, value]) => {
            (globalThis as unknown as Record<string, (channel: string, payload: unknown) => void>)[receiver]!(
              name,
              value,
            );
          },
          [PAGE_API_NAMES.push, channel, payload] as const,
        );
      },
    };
    sessions.add(session);
    page.on('close', () => sessions.delete(session));
    return session;
  };

  return {
    scene,
    clock,
    monitor,
    history,
    settings,
    handlers,
    site,
    detectUrl: `${site.url}${DETECT_HOMEPAGE}`,
    invocations,
    opened,
    get hidden() {
      return hidden;
    },
    answerDialogs: (...paths) => {
      dialogAnswers.push(...paths);
    },
    attach,
    async open(page, appUrl) {
      const session = await attach(page, appUrl);
      await page.goto(appUrl);
      return session;
    },
    push: pushAll,
    async runFor(ms) {
      if (live) throw new Error('runFor: the clock follows real time; start the app with { live: false }');
      await runFor(clock, http, ms);
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      stopFollowing();
      for (const stop of unsubscribe) stop();
      await monitor.stop();
      // A snooze called straight on the handlers is a settings change nobody awaits.
      await settings.flush();
      settings.dispose();
      await http.close();
      await site.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A PageSession as the app holds it: it adds to the problems the test reads. */
interface Session extends PageSession {
  readonly problems: string[];
}

/** Stands in for safeStorage: base64 of a marked plaintext, so a stored secret is visibly not the value. */
function seal(plaintext: string): string {
  return Buffer.from(`sealed:${plaintext}`).toString('base64');
}
