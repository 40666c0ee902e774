/**
 * Whether the engine may check: two reasons to stop, one engine. The machine sleeps (power
 * adapter) and the person pauses from the tray ("Pause checks"); checks run only when neither
 * holds. Without this, waking the machine would quietly resume checks the person had paused,
 * and resuming from the tray during sleep would check with no network.
 */
export interface PausableEngine {
  pause(): void;
  /** Check everything after `graceMs` (Monitor.resume). */
  resume(graceMs: number): void;
}

export class CheckGate {
  private asleep = false;
  private paused = false;

  constructor(private readonly engine: PausableEngine) {}

  /** The person paused checks; the tray shows its paused icon. */
  get pausedByPerson(): boolean {
    return this.paused;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    if (!this.asleep) this.engine.pause();
  }

  /** Checks everything at once: the person wants to know now. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (!this.asleep) this.engine.resume(0);
  }

  sleep(): void {
    if (this.asleep) return;
    this.asleep = true;
    if (!this.paused) this.engine.pause();
  }

  /**
   * The power adapter has already waited out its grace period. A wake without a suspend seen
   * before it (some Linux systems send only the resume) still checks everything: the machine
   * was away, whatever was said.
   */
  wake(): void {
    this.asleep = false;
    if (!this.paused) this.engine.resume(0);
  }
}
