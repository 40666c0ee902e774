import { AlertCenter } from '../../../main/desktop/alert-center.js';
import { alertSettingsSchema, type AlertSettings } from '../../../main/monitor/alerts/alert-settings.js';
import type { AlertNotification } from '../../../main/monitor/alerts/coalesce.js';
import type { MonitorConfig } from '../../../main/monitor/config/parse.js';
import type { ServiceEvent } from '../../../main/monitor/events.js';
import type { History } from '../../../main/monitor/history/history.js';
import { createHttpClient } from '../../../main/monitor/http/client.js';
import { silentLogger } from '../../../main/monitor/logger.js';
import { Monitor } from '../../../main/monitor/monitor.js';
import { validConfig } from '../../support/twitter-case.js';
import { seededRandom } from '../../support/report-series.js';
import { countingHttp, type CountingHttp } from '../../renderer/support/engine-time.js';
import { FleetClock } from './fleet-clock.js';
import type { FleetSite } from './fleet-site.js';

/**
 * The engine and the notification centre as main/index.ts composes them (events, the first
 * round and connectivity flow from the Monitor into the AlertCenter), on a manual clock
 * (fleet-clock.ts) over a real loopback site. `runFor` moves the clock and lets every check
 * that comes due run to its end, so a simulated hour takes a moment and every reading is a
 * real HTTP exchange.
 */

export interface FleetOptions {
  readonly services: number;
  readonly intervalSeconds?: number;
  /** The first `count` services on another interval (a few busy ones among many quiet ones). */
  readonly firstServices?: { readonly count: number; readonly intervalSeconds: number };
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
  readonly maxConcurrent?: number;
  /** The person's notification rules, as the settings file holds them. */
  readonly alerts?: Parameters<typeof alertSettingsSchema.parse>[0];
  /** For quiet hours; pinned so a test does not depend on the machine's zone. */
  readonly timeZone?: string;
  /** Wall-clock start (epoch ms); or the clock itself, when something else must share it. */
  readonly start?: number;
  readonly clock?: FleetClock;
  readonly history?: History;
  /** Seeds the scheduler's jitter: realistic spread, repeatable runs. */
  readonly seed?: number;
  /**
   * Keep every event and notification (the default), or only count them: a soak must not
   * count its own records as the engine's heap.
   */
  readonly keepRecords?: boolean;
}

export interface DeliveredNotification {
  /** Wall-clock time of delivery (epoch ms). */
  readonly at: number;
  readonly notification: AlertNotification;
}

export interface Fleet {
  readonly clock: FleetClock;
  readonly monitor: Monitor;
  readonly alerts: AlertCenter;
  readonly http: CountingHttp;
  /** Every event, unless `keepRecords` is false. */
  readonly events: readonly ServiceEvent[];
  eventCount(): number;
  /** Every notification delivered, unless `keepRecords` is false. */
  readonly notifications: readonly DeliveredNotification[];
  notificationCount(): number;
  /** Rounds completed (start, then each wake). */
  rounds(): number;
  /** The monotonic clock: elapsed time, which wall-clock jumps and sleep do not move. */
  monotonicNow(): number;
  /** Sets the wall clock `ms` ahead (negative: back) without firing anything; timers do not move. */
  shiftWallClock(ms: number): void;
  /** Moves time forward `ms`, every check that comes due running to its end. */
  runFor(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export function fleetConfig(site: FleetSite, options: FleetOptions): MonitorConfig {
  return validConfig({
    version: 1,
    maxConcurrent: options.maxConcurrent ?? 8,
    confirm: {
      failureThreshold: options.failureThreshold ?? 3,
      successThreshold: options.successThreshold ?? 2,
    },
    connectivity: { targets: [site.connectivityUrl], timeoutMs: 2000 },
    services: Array.from({ length: options.services }, (_, index) => ({
      id: `s${index}`,
      name: `Service ${index}`,
      sources: [
        {
          type: 'http',
          url: site.serviceUrl(index),
          intervalSeconds:
            index < (options.firstServices?.count ?? 0)
              ? options.firstServices?.intervalSeconds
              : (options.intervalSeconds ?? 60),
          timeoutMs: 2000,
        },
      ],
    })),
  });
}

export function startFleet(site: FleetSite, options: FleetOptions): Fleet {
  const clock = options.clock ?? new FleetClock(options.start ?? Date.UTC(2026, 0, 15, 12, 0, 0));
  // Every service here is on one loopback host; in life they spread over many, so the per-host
  // cap is lifted to the engine's own concurrency rather than serialising the fleet.
  const http = countingHttp(createHttpClient({ env: {}, perHostConcurrency: options.maxConcurrent ?? 8 }));
  const monitor = new Monitor(fleetConfig(site, options), {
    http,
    clock,
    logger: silentLogger,
    random: seededRandom(options.seed ?? 1),
    ...(options.history ? { history: options.history } : {}),
  });
  const settings: AlertSettings = alertSettingsSchema.parse(options.alerts ?? {});
  const keep = options.keepRecords ?? true;
  const notifications: DeliveredNotification[] = [];
  let notificationCount = 0;
  const alerts = new AlertCenter({
    clock,
    settings: () => settings,
    timeZone: options.timeZone ?? 'UTC',
    deliver: (notification) => {
      notificationCount += 1;
      if (keep) notifications.push({ at: clock.now(), notification });
    },
  });
  const events: ServiceEvent[] = [];
  let eventCount = 0;
  let rounds = 0;
  // The wiring of main/index.ts, step 5.
  monitor.onEvent((event) => {
    eventCount += 1;
    if (keep) events.push(event);
    alerts.event(event);
  });
  monitor.onRoundComplete(() => {
    rounds += 1;
    alerts.roundComplete();
  });
  monitor.onSnapshot((snapshot) => alerts.connectivity(snapshot.connectivity.status));
  let wallShift = 0;
  site.stamp = () => clock.now() - wallShift;
  monitor.start();
  return {
    clock,
    monitor,
    alerts,
    http,
    events,
    eventCount: () => eventCount,
    notifications,
    notificationCount: () => notificationCount,
    rounds: () => rounds,
    monotonicNow: () => clock.now() - wallShift,
    shiftWallClock(ms) {
      wallShift += ms;
      clock.jumpTo(clock.now() + ms);
    },
    runFor: (ms) => clock.runFor(http, ms),
    async stop() {
      alerts.dispose();
      await monitor.stop();
      await http.close();
    },
  };
}
