import type { AlertSettings } from '../monitor/alerts/alert-settings.js';
import type { AlertNotification } from '../monitor/alerts/coalesce.js';
import {
  decide,
  initialAlertState,
  nextTickAt,
  type AlertInput,
  type AlertState,
} from '../monitor/alerts/policy.js';
import type { Clock, TimerHandle } from '../monitor/clock.js';
import type { ServiceEvent } from '../monitor/events.js';
import type { ConnectivityStatus } from '../shared/snapshot.js';

/**
 * The notification policy (monitor/alerts/policy.ts) with its state and its one timer: the
 * policy is a pure function of state and input, and this holds the state between calls and
 * feeds the `tick` that closes a coalescing window or finds a flapping service steady. What
 * comes out goes to `deliver` (the notifier adapter in the app, a fake in tests).
 */

export interface AlertCenterOptions {
  readonly clock: Pick<Clock, 'now' | 'setTimer'>;
  /** Read at every input: the person's rules as they are now (a snooze set a second ago counts). */
  readonly settings: () => AlertSettings;
  /** For quiet hours; the system's zone when absent. */
  readonly timeZone?: string;
  readonly deliver: (notification: AlertNotification) => void;
  /** Where a failing `deliver` is reported; it must not lose the state or stop the timer. */
  readonly log?: (message: string) => void;
}

export class AlertCenter {
  readonly #options: AlertCenterOptions;
  #state: AlertState = initialAlertState();
  #timer: TimerHandle | undefined;
  #disposed = false;

  constructor(options: AlertCenterOptions) {
    this.#options = options;
  }

  /** A confirmed verdict change from the Monitor. */
  event(event: ServiceEvent): void {
    this.#feed({ kind: 'event', event });
  }

  connectivity(status: ConnectivityStatus): void {
    this.#feed({ kind: 'connectivity', status });
  }

  /** The first full round of checks after start or wake has ended: changes are news from now on. */
  roundComplete(): void {
    this.#feed({ kind: 'round-complete' });
  }

  /** The machine is going to sleep: what is waiting is held until the round after the wake. */
  sleeping(): void {
    this.#feed({ kind: 'sleeping' });
  }

  /**
   * The machine woke: what is waiting is held until the next round has been read, then told
   * with what that round found, as far as it differs from what the person was told.
   */
  woke(): void {
    this.#feed({ kind: 'woke' });
  }

  /**
   * The settings changed: the window's deadline may have moved (another coalescing time), so
   * the timer is set again; a window that is now over is flushed at once.
   */
  settingsChanged(): void {
    this.#feed({ kind: 'tick' });
  }

  dispose(): void {
    this.#disposed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #feed(input: AlertInput): void {
    if (this.#disposed) return;
    const settings = this.#options.settings();
    const now = this.#options.clock.now();
    const decision = decide(this.#state, input, settings, now, this.#options.timeZone);
    this.#state = decision.state;
    // State and timer first: a deliver that throws must not leave a window without its tick.
    this.#arm(settings, now);
    for (const notification of decision.notifications) this.#deliver(notification);
  }

  /** One timer at most, for the next thing due: the window's end or a flapping service's steady time. */
  #arm(settings: AlertSettings, now: number): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const due = nextTickAt(this.#state, settings);
    if (due === undefined) return;
    // Timers run on elapsed time and `now` is wall time; if the wall clock is moved back while
    // waiting, the tick finds nothing due yet and this arms again for what is left.
    this.#timer = this.#options.clock.setTimer(Math.max(0, due - now), () => {
      this.#timer = undefined;
      this.#feed({ kind: 'tick' });
    });
  }

  #deliver(notification: AlertNotification): void {
    try {
      this.#options.deliver(notification);
    } catch (error) {
      this.#options.log?.(
        `notification not delivered: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
