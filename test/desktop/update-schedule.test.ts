import { describe, expect, it } from 'vitest';
import {
  CHECK_AFTER_ENABLE_MS,
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  UpdateSchedule,
  updatesUnavailable,
  type UpdateFacts,
} from '../../main/desktop/update-schedule.js';
import { ManualClock } from '../support/manual-clock.js';

describe('updatesUnavailable', () => {
  it.each<[string, UpdateFacts, RegExp | undefined]>([
    ['macOS, packaged', { packaged: true, platform: 'darwin', appImage: undefined }, undefined],
    ['Windows, packaged', { packaged: true, platform: 'win32', appImage: undefined }, undefined],
    [
      'Linux AppImage',
      { packaged: true, platform: 'linux', appImage: '/home/a/Downwatch.AppImage' },
      undefined,
    ],
    ['Linux deb or rpm', { packaged: true, platform: 'linux', appImage: undefined }, /deb and rpm/],
    ['npm start', { packaged: false, platform: 'darwin', appImage: undefined }, /development build/],
    ['FreeBSD', { packaged: true, platform: 'freebsd', appImage: undefined }, /no installer for freebsd/],
  ])('%s', (_name, facts, reason) => {
    const unavailable = updatesUnavailable(facts);
    if (reason === undefined) expect(unavailable).toBeUndefined();
    else expect(unavailable).toMatch(reason);
  });
});

/** A schedule on a manual clock, with a check that records when it ran and can be made to fail. */
function harness(options: { enabled?: boolean; failWith?: string } = {}) {
  const clock = new ManualClock();
  const start = clock.now();
  const state = { enabled: options.enabled ?? true, failWith: options.failWith };
  const checks: number[] = [];
  const logged: string[] = [];
  const schedule = new UpdateSchedule({
    clock,
    enabled: () => state.enabled,
    check: () => {
      checks.push(clock.now() - start);
      return state.failWith === undefined ? Promise.resolve() : Promise.reject(new Error(state.failWith));
    },
    log: (message) => logged.push(message),
  });
  return { clock, schedule, state, checks, logged, elapsed: () => clock.now() - start };
}

describe('UpdateSchedule', () => {
  it('checks a minute after start, then every six hours', async () => {
    const { clock, schedule, checks } = harness();
    schedule.start();
    await clock.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(checks).toEqual([]);
    await clock.advance(1 + 2 * CHECK_INTERVAL_MS);
    expect(checks).toEqual([
      FIRST_CHECK_DELAY_MS,
      FIRST_CHECK_DELAY_MS + CHECK_INTERVAL_MS,
      FIRST_CHECK_DELAY_MS + 2 * CHECK_INTERVAL_MS,
    ]);
  });

  it('never checks while the setting is off, and checks soon after it is turned on', async () => {
    const { clock, schedule, state, checks, elapsed } = harness({ enabled: false });
    schedule.start();
    await clock.advance(2 * CHECK_INTERVAL_MS);
    expect(checks).toEqual([]);
    state.enabled = true;
    schedule.settingsChanged();
    const turnedOnAt = elapsed();
    await clock.advance(CHECK_AFTER_ENABLE_MS);
    expect(checks).toEqual([turnedOnAt + CHECK_AFTER_ENABLE_MS]);
  });

  it('turning the setting off cancels the planned check', async () => {
    const { clock, schedule, state, checks } = harness();
    schedule.start();
    state.enabled = false;
    schedule.settingsChanged();
    expect(schedule.planned).toBe(false);
    await clock.advance(2 * CHECK_INTERVAL_MS);
    expect(checks).toEqual([]);
  });

  it('an unrelated settings change keeps the plan as it was', async () => {
    const { clock, schedule, checks } = harness();
    schedule.start();
    schedule.settingsChanged();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(checks).toEqual([FIRST_CHECK_DELAY_MS]);
  });

  it('a failed check is logged and the next one still comes', async () => {
    const { clock, schedule, checks, logged } = harness({ failWith: 'net::ERR_INTERNET_DISCONNECTED' });
    schedule.start();
    await clock.advance(FIRST_CHECK_DELAY_MS + CHECK_INTERVAL_MS);
    expect(checks).toEqual([FIRST_CHECK_DELAY_MS, FIRST_CHECK_DELAY_MS + CHECK_INTERVAL_MS]);
    expect(logged).toEqual([
      'updates: check failed: net::ERR_INTERNET_DISCONNECTED',
      'updates: check failed: net::ERR_INTERNET_DISCONNECTED',
    ]);
  });

  it('stops looking once an update is downloaded', async () => {
    const { clock, schedule, checks, state } = harness();
    schedule.start();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    schedule.updateDownloaded();
    state.enabled = true;
    schedule.settingsChanged();
    await clock.advance(3 * CHECK_INTERVAL_MS);
    expect(checks).toEqual([FIRST_CHECK_DELAY_MS]);
  });

  it('plans nothing after dispose', async () => {
    const { clock, schedule, checks } = harness();
    schedule.start();
    schedule.dispose();
    schedule.settingsChanged();
    await clock.advance(3 * CHECK_INTERVAL_MS);
    expect(checks).toEqual([]);
    expect(clock.pendingTimers()).toEqual([]);
  });
});
