import type { ConnectivityState, Snapshot } from '../shared/snapshot.js';
import type { Clock, TimerHandle } from './clock.js';
import type { MonitorConfig } from './config/parse.js';
import { confirmReading } from './confirm.js';
import { checkConnectivity, ConnectivityMonitor } from './connectivity.js';
import type { ServiceEvent } from './events.js';
import type { History } from './history/history.js';
import type { HttpClient } from './http/types.js';
import type { Logger } from './logger.js';
import { nextDelayMs, suggestsOffline } from './next-delay.js';
import type { Reading } from './reading.js';
import type { SecretResolver } from './secrets.js';
import { readSource } from './read-source.js';
import { Scheduler, type RunResult, type ScheduledTask } from './scheduler.js';
import { advanceService, buildRuntimes, type ServiceRuntime, type SourceRuntime } from './runtime.js';
import { isDisrupted } from './status.js';
import { offlineAware } from './verdict.js';

/**
 * Continuous mode: the engine behind `downwatch watch` and the app. Sources run on the
 * scheduler; each reading is checked against connectivity, confirmed, folded into its
 * service's verdict; confirmed verdict changes become events; everything is kept in history.
 */

export interface MonitorDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly history?: History;
  readonly random?: () => number;
  readonly secrets?: SecretResolver;
  /**
   * The operating system's word that there is no network (Electron's net.isOnline() false).
   * Trusted when it says offline; when it says online, the connectivity targets confirm it,
   * since "a network interface is up" is not "the internet answers".
   */
  readonly systemOffline?: () => boolean;
}

/** A failing reading is only believed against a connectivity answer at most this old. */
const CONNECTIVITY_MAX_AGE_MS = 15_000;
/** While offline, connectivity is asked again this often, to notice the way back. */
const OFFLINE_RECHECK_MS = 15_000;
/**
 * Pushed snapshots are coalesced: readings arriving within this long of each other become one
 * update. A thousand sources a minute read one every 60 ms; each push redraws the tray and, with
 * the window open, copies every service across IPC, so updates come at most four times a second.
 */
const SNAPSHOT_COALESCE_MS = 250;
/** A service's status is written to history at least this often, and on every change. */
const SERVICE_SAMPLE_MS = 60_000;

export class Monitor {
  readonly #deps: MonitorDeps;
  readonly #scheduler: Scheduler;
  readonly #connectivity: ConnectivityMonitor;
  readonly #snapshotListeners = new Set<(snapshot: Snapshot) => void>();
  readonly #eventListeners = new Set<(event: ServiceEvent) => void>();
  readonly #roundListeners = new Set<() => void>();
  /** Sources still to be read in the first round after start or wake; undefined once it is done. */
  #roundPending: Set<string> | undefined;
  #config: MonitorConfig;
  #services = new Map<string, ServiceRuntime>();
  #snapshotTimer: TimerHandle | undefined;
  #offlineTimer: TimerHandle | undefined;
  /** The grace period of a wake in progress; a sleep before it ends must cancel it. */
  #resumeTimer: TimerHandle | undefined;
  /** Bumped by every pause and resume, so a wake's late steps can tell they were overtaken. */
  #wakeGeneration = 0;
  #started = false;
  #lastConnectivity: ConnectivityState['status'] = 'unknown';

  constructor(config: MonitorConfig, deps: MonitorDeps) {
    this.#deps = deps;
    this.#config = config;
    this.#scheduler = new Scheduler({
      clock: deps.clock,
      logger: deps.logger,
      maxConcurrent: config.maxConcurrent,
      ...(deps.random ? { random: deps.random } : {}),
    });
    this.#connectivity = new ConnectivityMonitor(
      () =>
        deps.systemOffline?.() === true
          ? Promise.resolve({
              status: 'offline',
              detail: 'the system reports no network connection',
              checkedAt: deps.clock.now(),
            })
          : checkConnectivity(
              this.#config.connectivity.targets,
              deps.http,
              deps.clock,
              this.#config.connectivity.timeoutMs,
            ),
      deps.clock,
    );
    this.#connectivity.onChange((state) => this.#onConnectivityChange(state));
    this.#services = buildRuntimes(config, undefined, this.#connectivity.state.status);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#connectivity.refresh();
    const tasks = this.#tasks();
    this.#beginRound(tasks.map((task) => task.key));
    this.#scheduler.setTasks(tasks);
  }

  async stop(): Promise<void> {
    this.#snapshotTimer?.cancel();
    this.#offlineTimer?.cancel();
    this.#cancelWake();
    await this.#scheduler.stop();
  }

  /** Sleep: stop planning checks. */
  pause(): void {
    // A sleep during the grace period of a wake (the lid closed again at once) must stay a
    // sleep: a wake left pending would resume the scheduler while the machine is asleep.
    this.#cancelWake();
    this.#scheduler.pause();
    this.#offlineTimer?.cancel();
  }

  /** Wake: after a grace period (the network comes back slower than the CPU), ask "is it me?", then check everything. */
  resume(graceMs = 5000): void {
    // A second wake restarts the grace period rather than running two rounds.
    this.#cancelWake();
    const generation = this.#wakeGeneration;
    this.#resumeTimer = this.#deps.clock.setTimer(graceMs, () => {
      this.#resumeTimer = undefined;
      void this.#connectivity.refresh().then(() => {
        // Paused (or woken again) while connectivity was being asked: that call decides.
        if (generation !== this.#wakeGeneration) return;
        this.#beginRound(this.#tasks().map((task) => task.key));
        this.#scheduler.resume(0);
      });
    });
  }

  #cancelWake(): void {
    this.#wakeGeneration++;
    this.#resumeTimer?.cancel();
    this.#resumeTimer = undefined;
  }

  /** "Check all now" (or some services). */
  checkNow(serviceIds?: readonly string[]): void {
    const keys = [...this.#services.values()]
      .filter((service) => serviceIds === undefined || serviceIds.includes(service.config.id))
      .flatMap((service) => service.sources.map((source) => source.meta.key));
    this.#scheduler.runNow(keys);
  }

  /** Applies a new config; sources keep their state when their key and config are unchanged. */
  setConfig(config: MonitorConfig): void {
    const previous = this.#services;
    this.#config = config;
    this.#services = buildRuntimes(config, previous, this.#connectivity.state.status);
    this.#deps.history?.forget({
      sources: [...this.#services.values()].flatMap((service) =>
        service.sources.map((source) => source.meta.key),
      ),
      services: [...this.#services.keys()],
    });
    if (this.#started) this.#scheduler.setTasks(this.#tasks());
    this.#emitSoon();
  }

  snapshot(): Snapshot {
    return {
      checkedAt: this.#deps.clock.now(),
      connectivity: this.#connectivity.state,
      services: Array.from(this.#services.values(), (service) => service.view),
    };
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.#snapshotListeners.add(listener);
    return () => this.#snapshotListeners.delete(listener);
  }

  onEvent(listener: (event: ServiceEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /**
   * Called when every scheduled source has been read once after start or wake: until then,
   * verdicts describe what was already so, which notifications stay quiet about.
   */
  onRoundComplete(listener: () => void): () => void {
    this.#roundListeners.add(listener);
    return () => this.#roundListeners.delete(listener);
  }

  #beginRound(keys: readonly string[]): void {
    this.#roundPending = new Set(keys);
    if (keys.length === 0) this.#endRound();
  }

  #sourceRead(key: string): void {
    if (!this.#roundPending?.delete(key) || this.#roundPending.size > 0) return;
    this.#endRound();
  }

  #endRound(): void {
    this.#roundPending = undefined;
    for (const listener of this.#roundListeners) listener();
  }

  #tasks(): ScheduledTask[] {
    return [...this.#services.values()].flatMap((service) =>
      service.sources
        .filter((source) => !source.meta.onDemand)
        .map((source) => ({
          key: source.meta.key,
          intervalMs: source.intervalMs,
          run: (signal: AbortSignal) => this.#runSource(service.config.id, source, signal),
        })),
    );
  }

  async #runSource(
    serviceId: string,
    source: SourceRuntime,
    signal: AbortSignal,
  ): Promise<RunResult | undefined> {
    const { http, clock, logger, history } = this.#deps;
    let reading: Reading = await readSource(source.meta.config, {
      http,
      clock,
      logger,
      signal,
      memory: source.memory,
      ...(this.#deps.secrets ? { secrets: this.#deps.secrets } : {}),
    });
    if (signal.aborted) return undefined;
    if (suggestsOffline(reading)) {
      const connectivity = await this.#connectivity.current(CONNECTIVITY_MAX_AGE_MS);
      reading = offlineAware(reading, connectivity.status);
    }
    // The config may have changed while the check ran; a reading for a replaced source is dropped.
    const service = this.#services.get(serviceId);
    if (!service?.sources.includes(source)) return undefined;

    source.confirm = confirmReading(source.confirm, reading, source.meta.family, this.#config.confirm);
    source.failuresInARow = reading.status === 'unknown' ? source.failuresInARow + 1 : 0;
    if (reading.status !== 'unknown') source.lastGood = reading;
    history?.recordSource(source.meta.key, {
      at: reading.checkedAt,
      status: reading.status,
      latencyMs: reading.latencyMs,
    });
    this.#updateService(service);
    this.#sourceRead(source.meta.key);
    if (source.meta.family === 'probe' && isDisrupted(reading.status))
      this.#askOtherNetworks(service, signal);
    return {
      nextDelayMs: nextDelayMs({
        intervalMs: source.intervalMs,
        family: source.meta.family,
        reading,
        confirm: source.confirm,
        failuresInARow: source.failuresInARow,
        retryDelayMs: this.#config.confirm.retryDelayMs,
      }),
    };
  }

  /**
   * A probe of this service failed: ask the on-demand sources (other networks) whether they see
   * the same, each at most once per its interval, so a long outage does not spend the quota.
   */
  #askOtherNetworks(service: ServiceRuntime, signal: AbortSignal): void {
    const now = this.#deps.clock.now();
    for (const source of service.sources) {
      if (!source.meta.onDemand || source.asking) continue;
      // A negative age means the wall clock went back: asking again is due, not hours away.
      const ageMs = source.lastAskedAt === undefined ? undefined : now - source.lastAskedAt;
      if (ageMs !== undefined && ageMs >= 0 && ageMs < source.intervalMs) continue;
      source.asking = true;
      source.lastAskedAt = now;
      void this.#runSource(service.config.id, source, signal).finally(() => {
        source.asking = false;
      });
    }
  }

  #updateService(service: ServiceRuntime): void {
    const now = this.#deps.clock.now();
    const { event, sample } = advanceService(
      service,
      this.#connectivity.state.status,
      now,
      SERVICE_SAMPLE_MS,
    );
    if (event) {
      this.#deps.history?.recordEvent(event);
      for (const listener of this.#eventListeners) listener(event);
    }
    if (sample)
      this.#deps.history?.recordService(service.config.id, { at: now, status: service.view.status });
    this.#emitSoon();
  }

  #onConnectivityChange(state: ConnectivityState): void {
    const cameBack = this.#lastConnectivity === 'offline' && state.status === 'online';
    this.#lastConnectivity = state.status;
    this.#offlineTimer?.cancel();
    this.#offlineTimer = undefined;
    for (const service of this.#services.values()) this.#updateService(service);
    if (state.status === 'offline') {
      this.#offlineTimer = this.#deps.clock.setTimer(OFFLINE_RECHECK_MS, () => {
        this.#offlineTimer = undefined;
        void this.#connectivity.refresh().then((next) => {
          // Still offline: no change event fires, so keep asking.
          if (next.status === 'offline') this.#onConnectivityChange(next);
        });
      });
    } else if (cameBack && this.#started) {
      // Back online: what we believe was judged blind; look again now.
      this.checkNow();
    }
  }

  #emitSoon(): void {
    if (this.#snapshotTimer || this.#snapshotListeners.size === 0) return;
    this.#snapshotTimer = this.#deps.clock.setTimer(SNAPSHOT_COALESCE_MS, () => {
      this.#snapshotTimer = undefined;
      const snapshot = this.snapshot();
      for (const listener of this.#snapshotListeners) listener(snapshot);
    });
  }
}
