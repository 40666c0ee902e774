import { join } from 'node:path';
import { systemClock, type Clock } from '../monitor/clock.js';
import { eventBody, eventHeadline } from '../monitor/event-text.js';
import type { ServiceEvent } from '../monitor/events.js';
import { HistoryWriter, loadHistory } from '../monitor/history/history-file.js';
import { createHttpClient } from '../monitor/http/client.js';
import { silentLogger, stderrLogger } from '../monitor/logger.js';
import { Monitor } from '../monitor/monitor.js';
import { DEFAULT_ALERT_SETTINGS } from '../monitor/alerts/alert-settings.js';
import { AlertCenter } from '../desktop/alert-center.js';
import { environmentSecrets } from '../monitor/secrets.js';
import type { ConnectivityStatus } from '../shared/snapshot.js';
import type { CliOptions } from './args.js';
import { notifyDesktop, type DesktopNotification } from './desktop-notifier.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';
import { eventToJson } from './render-json.js';
import { defaultStateDir } from './state-dir.js';
import { glyph, painter, wantsColour } from './style.js';

export interface WatchDeps {
  /** Ends the watch (Ctrl+C in the terminal, the test's own signal in tests). */
  readonly signal: AbortSignal;
  readonly notify?: (notification: DesktopNotification) => void;
  readonly clock?: Clock;
}

/**
 * `downwatch watch`: the engine in continuous mode, printing events as they happen and raising
 * desktop notifications. A service already down when the watch starts is printed but not
 * notified: a notification is for a change the person has not seen.
 */
export async function runWatch(options: CliOptions, io: CliIo, deps: WatchDeps): Promise<number> {
  const loaded = await loadCliConfig(options.config);
  if (!loaded.ok) {
    io.stderr(`downwatch: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  const clock = deps.clock ?? systemClock;
  const logger = options.verbose ? stderrLogger(true) : stderrLogger(false);
  const historyPath = join(options.stateDir ?? defaultStateDir(io.env), 'history.json');
  const { history, notice } = await loadHistory(historyPath, { clock, logger: silentLogger });
  if (notice) io.stderr(`downwatch: ${notice}\n`);
  const writer = new HistoryWriter({ path: historyPath, history, clock, logger });
  const http = createHttpClient({ env: io.env });
  const monitor = new Monitor(loaded.config, {
    http,
    clock,
    logger,
    history,
    secrets: environmentSecrets(io.env),
  });
  const paint = painter(wantsColour(io.isTty, io.env));
  const notify = deps.notify ?? ((notification: DesktopNotification) => notifyDesktop(notification, logger));
  // The same rules as the app: quiet until the first round is read, recoveries only after a
  // told disruption, bursts coalesced into one notification, one notice per offline spell.
  const alerts = new AlertCenter({
    clock,
    settings: () => DEFAULT_ALERT_SETTINGS,
    deliver: (notification) =>
      notify({ title: notification.title, message: notification.body, urgency: notification.urgency }),
    log: (message) => logger.info(message),
  });
  if (options.notify) {
    monitor.onEvent((event) => alerts.event(event));
    monitor.onRoundComplete(() => alerts.roundComplete());
    monitor.onSnapshot((snapshot) => alerts.connectivity(snapshot.connectivity.status));
  }

  const printEvent = (event: ServiceEvent): void => {
    if (options.json) {
      io.stdout(`${JSON.stringify({ type: 'event', ...(eventToJson(event) as object) })}\n`);
    } else {
      const line = `${glyph(event.to)} ${eventHeadline(event)} — ${eventBody(event)}`;
      io.stdout(`${paint.dim(timeOf(event.at))}  ${paint.status(event.to, line)}\n`);
    }
  };
  let connectivity: ConnectivityStatus = 'unknown';
  monitor.onEvent(printEvent);
  monitor.onSnapshot((snapshot) => {
    const next = snapshot.connectivity.status;
    if (next === connectivity || next === 'unknown') return;
    const wasKnown = connectivity !== 'unknown';
    connectivity = next;
    if (next === 'offline' || wasKnown) {
      const line =
        next === 'offline' ? `You appear to be offline (${snapshot.connectivity.detail})` : 'Back online';
      if (options.json)
        io.stdout(
          `${JSON.stringify({ type: 'connectivity', status: next, detail: snapshot.connectivity.detail, at: new Date(snapshot.checkedAt).toISOString() })}\n`,
        );
      else io.stdout(`${paint.dim(timeOf(snapshot.checkedAt))}  ${line}\n`);
    }
  });

  const count = loaded.config.services.length;
  if (!options.json)
    io.stdout(
      `Watching ${count} service${count === 1 ? '' : 's'}; history in ${historyPath}. Press Ctrl+C to stop.\n`,
    );
  monitor.start();
  await new Promise<void>((resolve) => {
    if (deps.signal.aborted) resolve();
    else deps.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await monitor.stop();
  alerts.dispose();
  writer.dispose();
  await writer
    .flush()
    .catch((error: unknown) => io.stderr(`downwatch: could not save history: ${String(error)}\n`));
  await http.close();
  return EXIT_OK;
}

function timeOf(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
