import type { Clock, TimerHandle } from '../monitor/clock.js';

/**
 * When Downwatch looks for a new version of itself (electron-updater, from the GitHub releases
 * that .github/workflows/release.yml publishes): a while after start, then every few hours,
 * only while the person's "check for updates" setting is on, and no more once an update is
 * downloaded and waiting for the next quit.
 */

/** After start: the first round of service checks has the network to itself. */
export const FIRST_CHECK_DELAY_MS = 60_000;
/** A tray app runs for weeks; a few checks a day find a release within hours of it. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60_000;
/** Turned back on in the settings: check soon, not in six hours. */
export const CHECK_AFTER_ENABLE_MS = 5_000;

export interface UpdateFacts {
  /** app.isPackaged: false under `npm start`. */
  readonly packaged: boolean;
  readonly platform: NodeJS.Platform;
  /** The APPIMAGE variable the AppImage runtime sets: the only Linux package that updates itself. */
  readonly appImage: string | undefined;
}

/** Why this copy of Downwatch does not update itself, or undefined when it does. */
export function updatesUnavailable(facts: UpdateFacts): string | undefined {
  if (!facts.packaged) return 'a development build (npm start) is updated from its source';
  if (facts.platform === 'darwin' || facts.platform === 'win32') return undefined;
  if (facts.platform === 'linux') {
    // The deb and rpm packages belong to the system's package manager: replacing them from
    // inside the app would take a root password at quit. The release page has the new ones.
    return facts.appImage
      ? undefined
      : 'deb and rpm installs are updated with the new package from the release';
  }
  return `Downwatch has no installer for ${facts.platform}`;
}

export interface UpdateScheduleDeps {
  readonly clock: Pick<Clock, 'setTimer'>;
  /** The person's setting (Settings, "Check for updates"). */
  readonly enabled: () => boolean;
  /** One check (and, when there is a new version, its download); rejects with what went wrong. */
  readonly check: () => Promise<void>;
  readonly log: (message: string) => void;
}

export class UpdateSchedule {
  private timer: TimerHandle | undefined;
  private checking = false;
  private downloaded = false;
  private disposed = false;

  constructor(private readonly deps: UpdateScheduleDeps) {}

  start(): void {
    this.plan(FIRST_CHECK_DELAY_MS);
  }

  /** The settings changed: off cancels the next check, on plans one soon. */
  settingsChanged(): void {
    if (!this.deps.enabled()) this.cancel();
    else if (this.timer === undefined && !this.checking) this.plan(CHECK_AFTER_ENABLE_MS);
  }

  /** An update is downloaded and installs at the next quit: there is nothing left to look for. */
  updateDownloaded(): void {
    this.downloaded = true;
    this.cancel();
  }

  /** Whether a check is planned; for the adapter's log and the tests. */
  get planned(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private plan(delayMs: number): void {
    this.cancel();
    if (this.disposed || this.downloaded || !this.deps.enabled()) return;
    this.timer = this.deps.clock.setTimer(delayMs, () => {
      this.timer = undefined;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    this.checking = true;
    try {
      await this.deps.check();
    } catch (error) {
      // Offline, GitHub unreachable, a release without this platform's files: the next check
      // may do better, and none of it is the person's business until an update is ready.
      this.deps.log(`updates: check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.checking = false;
    }
    this.plan(CHECK_INTERVAL_MS);
  }

  private cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
